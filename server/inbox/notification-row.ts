// Notification rows as plain SQL returns them, and their mapping to the wire shape.
import type { NotificationDto } from "../../lib/events.ts";

/** The group key of the digest item that holds what the per-person rate limit held back. */
export const DIGEST_GROUP_KEY = "herald:digest";

export const NOTIFICATION_COLUMNS =
  "id, user_id, seq, type, title, body, data, action_url, read_at, created_at, group_key, group_info, item_version";

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
  group_key: string | null;
  group_info: { count: number; actors: string[]; actorCount: number } | null;
  item_version: number;
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
    version: row.item_version ?? 1,
    group:
      row.group_key !== null && row.group_info
        ? { key: row.group_key, ...row.group_info, digest: row.group_key === DIGEST_GROUP_KEY }
        : null,
  };
}
