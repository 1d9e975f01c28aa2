// Clearing deletes: a cleared notification is gone from every tab and device.
import { emitUserEvents } from "../events/user-events.ts";
import { changeInbox } from "./change-inbox.ts";
import { missingIds, uniqueIds, type BulkResult } from "./read-state.ts";
import type { NotificationId, UserId } from "../../lib/events.ts";

export type ClearResult = Omit<BulkResult, "updated"> & { cleared: NotificationId[] };

export async function clearNotifications(userId: UserId, target: { ids: NotificationId[] } | { read: true }): Promise<ClearResult> {
  const ids = "ids" in target ? uniqueIds(target.ids) : null;
  const { result, state, changed } = await changeInbox(userId, async (client) => {
    const notFound = ids ? await missingIds(client, userId, ids) : [];
    const { rows } = await client.query<{ id: string; was_unread: boolean }>({
      name: ids ? "clear-ids" : "clear-read",
      text: `DELETE FROM notifications
             WHERE user_id = $1 AND seq IS NOT NULL AND ${ids ? "id = ANY($2::uuid[])" : "read_at IS NOT NULL"}
             RETURNING id, read_at IS NULL AS was_unread`,
      values: ids ? [userId, ids] : [userId],
    });
    return {
      result: { cleared: rows.map((r) => r.id), notFound },
      unreadDelta: -rows.filter((r) => r.was_unread).length,
      changed: rows.length > 0,
    };
  });
  if (changed) emitUserEvents([{ userId, event: "notification:cleared", payload: { ids: result.cleared, ...state } }]);
  return { ...result, ...state };
}
