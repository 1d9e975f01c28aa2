// What a reconnecting client missed since the last position it saw: the notifications
// themselves when there are few, otherwise only how many (the client then reloads its
// first page over the API instead of replaying hundreds of pings).
import { sql } from "../db/index.ts";
import { perTurnBatch } from "../db/per-turn-batch.ts";
import { recordCatchUp } from "../observability/record.ts";
import { NOTIFICATION_COLUMNS, rowToDto, type NotificationRow } from "./notification-row.ts";
import type { CatchUpPayload, UserId } from "../../lib/events.ts";

type CatchUpRow = NotificationRow & { state_unread: number; state_version: string; state_seq: string };

export async function catchUp(userId: UserId, since: { lastSeq: number; lastVersion?: number }, limit: number): Promise<CatchUpPayload> {
  const rows = await readMissed({ userId, lastSeq: since.lastSeq, limit });
  const state = { unreadCount: rows[0]?.state_unread ?? 0, version: Number(rows[0]?.state_version ?? 0) };
  const latestSeq = Number(rows[0]?.state_seq ?? 0);
  const missed = rows.filter((row) => row.id !== null);
  const overflow = missed.length > limit;
  const missedCount = overflow ? await countSince(userId, since.lastSeq) : missed.length;
  recordCatchUp(overflow ? "summary" : "items");
  // Every publish bumps the version once per recipient and every other change once, so a
  // version step beyond the missed positions means read state changed while away.
  const otherChanges = since.lastVersion !== undefined && state.version - since.lastVersion > latestSeq - since.lastSeq;
  return {
    missed: overflow ? null : missed.map(rowToDto),
    missedCount,
    latestSeq,
    reload: overflow || otherChanges,
    ...state,
  };
}

type MissedRequest = { userId: UserId; lastSeq: number; limit: number };

// The person's state and what they missed in one statement, so from one snapshot: what
// commits after it is delivered live to the room the socket has already joined (the client
// drops repeats). One row per missed notification, or one without when none; none at all
// for an unknown person. The catch-ups asked in one turn of the event loop share the
// statement (a fleet reconnecting after a restart asks thousands at once); each is still
// read after its socket joined its room, which is what keeps it gapless.
const readMissed = perTurnBatch(async (requests: MissedRequest[]): Promise<CatchUpRow[][]> => {
  const { rows } = await sql().query<CatchUpRow & { request: number }>({
    name: "catch-up",
    text: `SELECT r.request::int AS request, u.unread_count AS state_unread, u.inbox_version AS state_version,
                  u.notification_seq AS state_seq, n.*
           FROM unnest($1::text[], $2::bigint[], $3::int[]) WITH ORDINALITY AS r(user_id, last_seq, lim, request)
           JOIN users u ON u.id = r.user_id
           LEFT JOIN LATERAL (
             SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = u.id AND seq > r.last_seq ORDER BY seq LIMIT r.lim
           ) n ON true
           ORDER BY r.request, n.seq`,
    values: [requests.map((r) => r.userId), requests.map((r) => r.lastSeq), requests.map((r) => r.limit + 1)],
  });
  const byRequest = requests.map((): CatchUpRow[] => []);
  for (const row of rows) byRequest[row.request - 1].push(row);
  return byRequest;
}, 200);

async function countSince(userId: UserId, lastSeq: number): Promise<number> {
  const { rows } = await sql().query<{ n: string }>({
    name: "count-since",
    text: "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND seq > $2",
    values: [userId, lastSeq],
  });
  return Number(rows[0].n);
}
