// How the domain says what happened to a user, without knowing about sockets: it hands
// `{ userId, event, payload }` to this in-process bus after its transaction commits, and
// the realtime gateway (the only emitter) delivers it to that user's room on every
// instance. Kept on globalThis so Next's bundled route handlers reach the gateway's
// listener in the same process.
import type { ServerEventName, ServerEventPayload, UserId } from "../../lib/events.ts";

export type UserEvent = {
  [E in ServerEventName]: { userId: UserId; event: E; payload: ServerEventPayload<E> };
}[ServerEventName];

type Listener = (events: UserEvent[]) => void;

const store = globalThis as unknown as { __heraldUserEventListeners?: Set<Listener> };
const listeners = (store.__heraldUserEventListeners ??= new Set());

export function emitUserEvents(events: UserEvent[]): void {
  if (events.length === 0) return;
  for (const listener of listeners) listener(events);
}

export function onUserEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
