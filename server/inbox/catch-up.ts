// What a reconnecting client missed since the last position it saw: the notifications
// themselves when there are few, otherwise only how many (the client then reloads its
// first page over the API instead of replaying hundreds of pings).
import { sql } from "../db/index.ts";
import { recordCatchUp } from "../observability/record.ts";
import { NOTIFICATION_COLUMNS, rowToDto, type NotificationRow } from "./notification-row.ts";
import type { CatchUpPayload, UserId } from "../../lib/events.ts";

export async function catchUp(userId: UserId, since: { lastSeq: number; lastVersion?: number }, limit: number): Promise<CatchUpPayload> {
  // The state first: anything committed after it is delivered live to the room the
  // socket has already joined, or found by the query below (the client drops repeats).
  const user = await sql().query<{ unread_count: number; inbox_version: string; notification_seq: string }>({
    name: "catch-up-state",
    text: "SELECT unread_count, inbox_version, notification_seq FROM users WHERE id = $1",
    values: [userId],
  });
  const state = { unreadCount: user.rows[0]?.unread_count ?? 0, version: Number(user.rows[0]?.inbox_version ?? 0) };
  const latestSeq = Number(user.rows[0]?.notification_seq ?? 0);
  const missedRows = await sql().query<NotificationRow>({
    name: "catch-up",
    text: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    values: [userId, since.lastSeq, limit + 1],
  });
  const overflow = missedRows.rows.length > limit;
  const missedCount = overflow ? await countSince(userId, since.lastSeq) : missedRows.rows.length;
  recordCatchUp(overflow ? "summary" : "items");
  // Every publish bumps the version once per recipient and every other change once, so a
  // version step beyond the missed positions means read state changed while away.
  const otherChanges = since.lastVersion !== undefined && state.version - since.lastVersion > latestSeq - since.lastSeq;
  return {
    missed: overflow ? null : missedRows.rows.map(rowToDto),
    missedCount,
    latestSeq,
    reload: overflow || otherChanges,
    ...state,
  };
}

async function countSince(userId: UserId, lastSeq: number): Promise<number> {
  const { rows } = await sql().query<{ n: string }>({
    name: "count-since",
    text: "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND seq > $2",
    values: [userId, lastSeq],
  });
  return Number(rows[0].n);
}
