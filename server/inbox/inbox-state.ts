import { sql } from "../db/index.ts";
import type { InboxState, UserId } from "../../lib/events.ts";

/** The unread count (kept on the user row in step with every change) and its version. */
export async function getInboxState(userId: UserId): Promise<InboxState> {
  const { rows } = await sql().query<{ unread_count: number; inbox_version: string }>({
    name: "inbox-state",
    text: "SELECT unread_count, inbox_version FROM users WHERE id = $1",
    values: [userId],
  });
  return { unreadCount: rows[0]?.unread_count ?? 0, version: Number(rows[0]?.inbox_version ?? 0) };
}
