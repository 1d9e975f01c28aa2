// Mark read and unread, one or many or all. Only the user's own notifications change;
// ids that are not theirs (or do not exist) are reported as not found and left alone.
import { emitUserEvents } from "../events/user-events.ts";
import { changeInbox } from "./change-inbox.ts";
import type { InboxState, NotificationId, UserId } from "../../lib/events.ts";
import type { PoolClient } from "pg";

export type BulkResult = InboxState & { updated: NotificationId[]; notFound: NotificationId[] };

export async function markRead(userId: UserId, target: { ids: NotificationId[] } | { all: true }): Promise<BulkResult> {
  const ids = "ids" in target ? uniqueIds(target.ids) : null;
  const { result, state, changed } = await changeInbox(userId, async (client, latestSeq) => {
    // "All" means everything up to the newest position at the time of the request.
    const { rows } = await client.query<{ id: string; read_at: Date }>({
      name: ids ? "mark-read-ids" : "mark-read-all",
      text: `UPDATE notifications SET read_at = now()
             WHERE user_id = $1 AND read_at IS NULL AND ${ids ? "id = ANY($2::uuid[])" : "seq <= $2"}
             RETURNING id, read_at`,
      values: [userId, ids ?? latestSeq],
    });
    const notFound = ids ? await missingIds(client, userId, ids) : [];
    return {
      result: { updated: rows.map((r) => r.id), notFound, readAt: rows[0]?.read_at ?? new Date() },
      unreadDelta: -rows.length,
      changed: rows.length > 0,
    };
  });
  if (changed) {
    const payload = { ids: result.updated, readAt: result.readAt.toISOString(), ...state };
    emitUserEvents([{ userId, event: "notification:read", payload }]);
  }
  return { updated: result.updated, notFound: result.notFound, ...state };
}

export async function markUnread(userId: UserId, idsIn: NotificationId[]): Promise<BulkResult> {
  const ids = uniqueIds(idsIn);
  const { result, state, changed } = await changeInbox(userId, async (client) => {
    const { rows } = await client.query<{ id: string }>({
      name: "mark-unread-ids",
      text: `UPDATE notifications SET read_at = NULL
             WHERE user_id = $1 AND read_at IS NOT NULL AND seq IS NOT NULL AND id = ANY($2::uuid[]) RETURNING id`,
      values: [userId, ids],
    });
    const notFound = await missingIds(client, userId, ids);
    return { result: { updated: rows.map((r) => r.id), notFound }, unreadDelta: rows.length, changed: rows.length > 0 };
  });
  if (changed) emitUserEvents([{ userId, event: "notification:unread", payload: { ids: result.updated, ...state } }]);
  return { ...result, ...state };
}

/** UUIDs compare case-insensitively in PostgreSQL; answers must name them as it does. */
export const uniqueIds = (ids: NotificationId[]): NotificationId[] => [...new Set(ids.map((id) => id.toLowerCase()))];

/** Ids of the list (lower-case) that are not this user's notifications. */
export async function missingIds(client: PoolClient, userId: UserId, ids: NotificationId[]): Promise<NotificationId[]> {
  const { rows } = await client.query<{ id: string }>({
    name: "own-ids",
    text: "SELECT id FROM notifications WHERE user_id = $1 AND seq IS NOT NULL AND id = ANY($2::uuid[])",
    values: [userId, ids],
  });
  const own = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !own.has(id));
}
