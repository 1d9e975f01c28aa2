// Is this person known and not disabled? Asked by every socket handshake and user-API call
// made with a user token. Each process remembers for a minute the people it found active,
// and forgets one at once when they are disabled anywhere (the control event that also
// closes their sockets, server/start-server.ts), every one when the control channel had to
// reconnect (an announcement may have been missed). People not remembered are looked up
// together: the checks that wait in one turn of the event loop share one query, so a fleet
// of clients reconnecting after a restart costs a few queries, not one per socket.
import { sql } from "../db/index.ts";
import type { UserId } from "../../lib/events.ts";

const ACTIVE_FOR_MS = 60_000;
const MAX_REMEMBERED = 100_000;
const MAX_BATCH = 1000;
/** How long a disable is kept in mind for checks that were in flight when it was heard. */
const DISABLES_KEPT_MS = 60_000;

type Waiter = { resolve: (active: boolean) => void; reject: (error: unknown) => void };

// One memory per process, shared with Next's bundle of this module (as the API-key cache is),
// so that the control events heard by the server reach every caller.
type Memory = {
  activeSince: Map<UserId, number>;
  disabledHeardAt: Map<UserId, number>;
  /**
   * Bumped at every forget: a lookup that started before one may have read the person as
   * active just before they were disabled, so its answer serves its callers but is not kept.
   */
  generation: number;
};
const store = globalThis as unknown as { __heraldActiveUsers?: Memory };
const memory: Memory = (store.__heraldActiveUsers ??= { activeSince: new Map<UserId, number>(), disabledHeardAt: new Map<UserId, number>(), generation: 0 });
const { activeSince, disabledHeardAt } = memory;
let pending: Map<UserId, Waiter[]> | undefined;

export async function isActiveUser(userId: UserId): Promise<boolean> {
  const checkedAt = activeSince.get(userId);
  if (checkedAt !== undefined && Date.now() - checkedAt < ACTIVE_FOR_MS) return true;
  return lookUp(userId);
}

/** Forgets one person (disabled) or everyone (the control channel reconnected). */
export function forgetActiveUser(userId?: UserId): void {
  memory.generation++;
  if (userId === undefined) return activeSince.clear();
  activeSince.delete(userId);
  const now = Date.now();
  disabledHeardAt.set(userId, now);
  for (const [id, at] of disabledHeardAt) if (now - at > DISABLES_KEPT_MS) disabledHeardAt.delete(id);
}

/**
 * True when this process heard that the person was disabled at or after `since` (a
 * `Date.now()`): a check that began before it may have passed, and the caller (a handshake
 * about to join its room) must refuse after all.
 */
export function disabledSince(userId: UserId, since: number): boolean {
  const at = disabledHeardAt.get(userId);
  return at !== undefined && at >= since;
}

function lookUp(userId: UserId): Promise<boolean> {
  if (!pending) {
    pending = new Map();
    setImmediate(flush);
  }
  const batch = pending;
  return new Promise((resolve, reject) => {
    const waiters = batch.get(userId);
    if (waiters) waiters.push({ resolve, reject });
    else batch.set(userId, [{ resolve, reject }]);
  });
}

function flush(): void {
  const batch = [...(pending ?? [])];
  pending = undefined;
  for (let i = 0; i < batch.length; i += MAX_BATCH) void answer(batch.slice(i, i + MAX_BATCH));
}

async function answer(batch: [UserId, Waiter[]][]): Promise<void> {
  const startedAt = memory.generation;
  const now = Date.now();
  try {
    const { rows } = await sql().query<{ id: string }>({
      name: "users-active",
      text: "SELECT id FROM users WHERE id = ANY($1::text[]) AND disabled_at IS NULL",
      values: [batch.map(([id]) => id)],
    });
    const active = new Set(rows.map((r) => r.id));
    if (memory.generation === startedAt) remember(active, now);
    for (const [id, waiters] of batch) for (const w of waiters) w.resolve(active.has(id));
  } catch (error) {
    for (const [, waiters] of batch) for (const w of waiters) w.reject(error);
  }
}

function remember(active: Set<UserId>, now: number): void {
  if (activeSince.size + active.size > MAX_REMEMBERED) {
    for (const [id, at] of activeSince) if (now - at >= ACTIVE_FOR_MS) activeSince.delete(id);
    if (activeSince.size + active.size > MAX_REMEMBERED) activeSince.clear();
  }
  for (const id of active) activeSince.set(id, now);
}
