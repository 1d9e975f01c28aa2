// One inbox item with what it holds: a grouped or digest item lists its parts, the
// notifications folded into it (newest first), which are never in the feed themselves.
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { NOTIFICATION_COLUMNS, rowToDto, type NotificationRow } from "./notification-row.ts";
import type { NotificationDto, NotificationId, UserId } from "../../lib/events.ts";

export const MAX_PARTS = 500;

export type NotificationWithParts = { notification: NotificationDto; parts: NotificationDto[]; partCount: number };

export async function getNotification(userId: UserId, id: NotificationId): Promise<NotificationWithParts> {
  const { rows } = await sql().query<NotificationRow>({
    name: "get-notification",
    text: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2 AND seq IS NOT NULL`,
    values: [id, userId],
  });
  if (!rows[0]) throw new AppError("not_found", "Notification not found");
  const notification = rowToDto(rows[0]);
  if (!notification.group) return { notification, parts: [], partCount: 0 };
  const parts = await sql().query<NotificationRow>({
    name: "get-notification-parts",
    text: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE group_id = $1 AND user_id = $2 ORDER BY created_at DESC, id LIMIT $3`,
    values: [id, userId, MAX_PARTS],
  });
  // Parts have no position of their own: they are shown at their item's.
  return { notification, parts: parts.rows.map((r) => ({ ...rowToDto({ ...r, seq: rows[0].seq }) })), partCount: notification.group.count };
}
