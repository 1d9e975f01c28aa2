// Every change to a user's inbox runs here: in one transaction that first locks the
// user's row. The lock orders all changes to one inbox (publishes take it too), so
// concurrent marks from several tabs cannot deadlock, and the unread counter is adjusted
// by exactly the rows each change really flipped, so it never drifts from the rows.
import type { PoolClient } from "pg";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { InboxState, UserId } from "../../lib/events.ts";

export type InboxChange<T> = { result: T; unreadDelta: number; changed: boolean };

export async function changeInbox<T>(
  userId: UserId,
  change: (client: PoolClient, latestSeq: string) => Promise<InboxChange<T>>,
): Promise<{ result: T; state: InboxState; changed: boolean }> {
  const client = await sql().connect();
  try {
    await client.query("BEGIN");
    const locked = await client.query<{ notification_seq: string }>({
      name: "lock-inbox",
      text: "SELECT notification_seq FROM users WHERE id = $1 FOR UPDATE",
      values: [userId],
    });
    if (locked.rowCount === 0) throw new AppError("not_found", `Unknown user ${userId}`);
    const { result, unreadDelta, changed } = await change(client, locked.rows[0].notification_seq);
    const { rows } = await client.query<{ unread_count: number; inbox_version: string }>(
      changed
        ? {
            name: "bump-inbox",
            text: `UPDATE users SET unread_count = unread_count + $2, inbox_version = inbox_version + 1
                   WHERE id = $1 RETURNING unread_count, inbox_version`,
            values: [userId, unreadDelta],
          }
        : { name: "inbox-state", text: "SELECT unread_count, inbox_version FROM users WHERE id = $1", values: [userId] },
    );
    await client.query("COMMIT");
    return { result, changed, state: { unreadCount: rows[0].unread_count, version: Number(rows[0].inbox_version) } };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
