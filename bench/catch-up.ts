// npm run bench:catch-up: what a reconnect's catch-up costs the database, the step every
// handshake that carries a position takes. --people people with --missed notifications
// each; every person catches up once, --concurrency at a time over one pool of 20 (the
// server's), as a fleet of reconnecting clients would: with the two statements the catch-up
// took first (the person's state, then what they missed), with one statement per catch-up
// (session 6), and as it is now (server/inbox/catch-up.ts: the catch-ups of one event-loop
// turn share one statement). Reports catch-ups per second and their latency.
import { parseArgs } from "node:util";
import { connectDb, disconnectDb } from "../server/db/connect.ts";
import { sql } from "../server/db/index.ts";
import { catchUp } from "../server/inbox/catch-up.ts";
import { NOTIFICATION_COLUMNS } from "../server/inbox/notification-row.ts";
import { prepareBenchDatabase } from "./bench-database.ts";
import { formatSummary, summarize } from "./stats.ts";

const { values: opts } = parseArgs({
  options: {
    people: { type: "string", default: "5000" },
    missed: { type: "string", default: "3" },
    concurrency: { type: "string", default: "200" },
    rounds: { type: "string", default: "3" },
  },
});
const PEOPLE = Number(opts.people);
const MISSED = Number(opts.missed);
const CONCURRENCY = Number(opts.concurrency);
const LIMIT = 50;

/** The catch-up as it was: two statements, two round trips, two snapshots. */
async function twoStatements(userId: string, lastSeq: number): Promise<number> {
  await sql().query({ name: "bench-state", text: "SELECT unread_count, inbox_version, notification_seq FROM users WHERE id = $1", values: [userId] });
  const { rows } = await sql().query({
    name: "bench-missed",
    text: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    values: [userId, lastSeq, LIMIT + 1],
  });
  return rows.length;
}

/** One statement per catch-up: the person's state joined to what they missed. */
async function oneStatementEach(userId: string, lastSeq: number): Promise<number> {
  const { rows } = await sql().query<{ id: string | null }>({
    name: "bench-catch-up-each",
    text: `SELECT u.unread_count, u.inbox_version, u.notification_seq, n.*
           FROM users u LEFT JOIN LATERAL (
             SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = u.id AND seq > $2 ORDER BY seq LIMIT $3
           ) n ON true
           WHERE u.id = $1 ORDER BY n.seq`,
    values: [userId, lastSeq, LIMIT + 1],
  });
  return rows.filter((r) => r.id !== null).length;
}

const sharedPerTurn = async (userId: string, lastSeq: number) => (await catchUp(userId, { lastSeq }, LIMIT)).missedCount;

async function run(label: string, userIds: string[], fn: (userId: string, lastSeq: number) => Promise<number>): Promise<void> {
  const took: number[] = [];
  let next = 0;
  let missed = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < userIds.length) {
      const userId = userIds[next++];
      const t = performance.now();
      const found = await fn(userId, 0);
      missed += found;
      took.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  if (missed !== userIds.length * MISSED) throw new Error(`${label}: ${missed} missed notifications found, expected ${userIds.length * MISSED}`);
  console.log(`${formatSummary(label.padEnd(28), summarize(took))}  ${Math.round(userIds.length / seconds)} catch-ups/s`);
}

const database = await prepareBenchDatabase(PEOPLE);
const handles = connectDb(database.url, 20);
try {
  // Each person's MISSED notifications at positions 1..MISSED, as the publish statement leaves them.
  await sql().query(
    `WITH bumped AS (UPDATE users SET notification_seq = $1::int, unread_count = $1::int, inbox_version = $1::int WHERE id = ANY($2::text[]) RETURNING id)
     INSERT INTO notifications (id, user_id, seq, type, title, data)
     SELECT gen_random_uuid(), b.id, s, 'bench', 'Missed ' || s, '{}'::jsonb FROM bumped b, generate_series(1, $1::int) s`,
    [MISSED, database.userIds],
  );
  await sql().query("ANALYZE");
  console.log(`${database.kind}: ${PEOPLE} people catch up on ${MISSED} each, ${CONCURRENCY} at a time, pool of 20`);
  for (let round = 1; round <= Number(opts.rounds); round++) {
    await run(`round ${round}: two statements`, database.userIds, twoStatements);
    await run(`round ${round}: one statement each`, database.userIds, oneStatementEach);
    await run(`round ${round}: shared per turn`, database.userIds, sharedPerTurn);
  }
} finally {
  await disconnectDb(handles);
  await database.cleanup();
}
