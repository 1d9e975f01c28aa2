import { sql } from "../db/index.ts";
import { listNotifications } from "./list-notifications.ts";
import type { InboxState, NotificationDto, UserId } from "../../lib/events.ts";

export type InboxSnapshot = InboxState & { lastSeq: number; latest: NotificationDto[] };

/**
 * What a page renders before its socket connects: the inbox state, the newest items, and
 * the position they reach, from which the socket's catch-up continues without a gap.
 */
export async function getInboxSnapshot(userId: UserId, limit = 10): Promise<InboxSnapshot> {
  // State first: a notification committed in between is then above lastSeq and caught up.
  const { rows } = await sql().query<{ unread_count: number; inbox_version: string; notification_seq: string }>({
    name: "inbox-snapshot",
    text: "SELECT unread_count, inbox_version, notification_seq FROM users WHERE id = $1",
    values: [userId],
  });
  const page = await listNotifications(userId, { limit, status: "all" });
  const lastSeq = Number(rows[0]?.notification_seq ?? 0);
  return {
    unreadCount: rows[0]?.unread_count ?? 0,
    version: Number(rows[0]?.inbox_version ?? 0),
    lastSeq,
    latest: page.items.filter((n) => n.seq <= lastSeq),
  };
}
