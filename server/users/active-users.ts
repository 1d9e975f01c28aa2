// Is this person known and not disabled? Asked by every socket handshake and user-API call
// made with a user token, and always of the database: a check that cannot reach it refuses
// the handshake as `unavailable`, which keeps clients on their own retry schedule during an
// outage (a handshake let in from memory would be closed again at its catch-up, and its
// client, connected for a moment, would come straight back). The checks that wait in one
// turn of the event loop share one query, so a fleet of clients reconnecting after a restart
// costs a few queries, not one per socket.
//
// A disable is also noted when its control event is heard (server/start-server.ts): a
// handshake whose check passed just before must not join its room after the disable closed
// the person's sockets (server/realtime/admission.ts).
import { sql } from "../db/index.ts";
import { perTurnBatch } from "../db/per-turn-batch.ts";
import type { UserId } from "../../lib/events.ts";

/** How long a disable is kept in mind for the handshakes that were being checked when it was heard. */
const DISABLES_KEPT_MS = 60_000;
const disabledHeardAt = new Map<UserId, number>();

export const isActiveUser: (userId: UserId) => Promise<boolean> = perTurnBatch(async (ids: UserId[]) => {
  const { rows } = await sql().query<{ id: string }>({
    name: "users-active",
    text: "SELECT id FROM users WHERE id = ANY($1::text[]) AND disabled_at IS NULL",
    values: [[...new Set(ids)]],
  });
  const active = new Set(rows.map((r) => r.id));
  return ids.map((id) => active.has(id));
});

/** The control event of a disable was heard. */
export function noteDisabled(userId: UserId): void {
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
