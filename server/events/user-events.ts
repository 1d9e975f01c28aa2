// How the domain says what happened to a user, without knowing about sockets: it hands
// `{ userId, event, payload }` to this bus after its transaction commits, and the realtime
// gateway (the only emitter) delivers it to that user's room on every instance.
import { createBus } from "./bus.ts";
import type { ServerEventName, ServerEventPayload, UserId } from "../../lib/events.ts";

export type UserEvent = {
  [E in ServerEventName]: { userId: UserId; event: E; payload: ServerEventPayload<E> };
}[ServerEventName];

const bus = createBus<UserEvent[]>("user-events");

export function emitUserEvents(events: UserEvent[]): void {
  if (events.length > 0) bus.emit(events);
}

export const onUserEvents = bus.on;
