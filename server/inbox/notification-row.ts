// Notification rows as plain SQL returns them, and their mapping to the wire shape.
import type { NotificationDto } from "../../lib/events.ts";

export const NOTIFICATION_COLUMNS = "id, user_id, seq, type, title, body, data, action_url, read_at, created_at";

export type NotificationRow = {
  id: string;
  user_id: string;
  seq: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  action_url: string | null;
  read_at: Date | null;
  created_at: Date;
};

export function rowToDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    userId: row.user_id,
    seq: Number(row.seq),
    type: row.type,
    title: row.title,
    body: row.body,
    data: row.data ?? {},
    actionUrl: row.action_url,
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
