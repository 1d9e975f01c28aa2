// npm run bench:inbox: the inbox read path through the domain layer against PostgreSQL
// holding 1,000 users x 1,000 notifications (1M rows). Creates a fresh database (an
// embedded PostgreSQL in a temporary directory, or a new database in BENCH_DATABASE_URL),
// migrates it, bulk-loads the rows with set-based SQL, VACUUM ANALYZEs them (a real
// deployment has autovacuum), then times sequential calls of listNotifications (first
// page, first unread page, a deep page through a cursor) and getInboxState for a random
// user each, and prints EXPLAIN (ANALYZE, BUFFERS) of the statements they run.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { connectDb, disconnectDb, type DbHandles } from "../server/db/connect.ts";
import { encodeCursor, feedStatement, listNotifications } from "../server/inbox/list-notifications.ts";
import { getInboxState } from "../server/inbox/inbox-state.ts";
import { prepareBenchDatabase, type BenchDatabase } from "./bench-database.ts";
import { summarize, formatSummary } from "./stats.ts";

const { values: opts } = parseArgs({
  options: {
    users: { type: "string", default: "1000" },
    "per-user": { type: "string", default: "1000" },
    calls: { type: "string", default: "5000" },
    warmup: { type: "string", default: "500" },
    "deep-page": { type: "string", default: "10" },
    seed: { type: "string", default: "42" },
  },
});
const USERS = Number(opts.users);
const PER_USER = Number(opts["per-user"]);
const CALLS = Number(opts.calls);
const WARMUP = Number(opts.warmup);
const DEEP_PAGE = Number(opts["deep-page"]);
const SEED = Number(opts.seed);
const PAGE_SIZE = 20;

// Bounds: the whole run, each measured scenario, each statement.
const RUN_LIMIT_MS = 10 * 60_000;
const SCENARIO_LIMIT_MS = 60_000;
const LOAD_STATEMENT_TIMEOUT_MS = 5 * 60_000;
const QUERY_STATEMENT_TIMEOUT_MS = 10_000;

const TARGETS: Record<string, number> = { "feed, first page": 5, "inbox state (unread)": 2 };

let db: BenchDatabase | undefined;
let handles: DbHandles | undefined;
let admin: pg.Client | undefined;
async function cleanup() {
  await admin?.end().catch(() => {});
  admin = undefined;
  if (handles) await disconnectDb(handles).catch(() => {});
  handles = undefined;
  await db?.cleanup().catch((e) => console.error("cleanup:", e));
  db = undefined;
}
const watchdog = setTimeout(() => {
  console.error(`inbox bench: still running after ${RUN_LIMIT_MS / 60_000} min, giving up`);
  void cleanup().finally(() => process.exit(2));
}, RUN_LIMIT_MS);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

/** Seeded PRNG (mulberry32), so every run asks for the same users in the same order. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (t0: number) => Math.round(performance.now() - t0);

try {
  const started = performance.now();
  db = await prepareBenchDatabase(USERS); // fresh database, migrated, users created through Prisma
  console.log(`database: ${db.kind}; ${USERS} users created in ${ms(started)} ms`);

  admin = new pg.Client({ connectionString: db.url, statement_timeout: LOAD_STATEMENT_TIMEOUT_MS });
  await admin.connect();
  const { rows: [{ server_version }] } = await admin.query("SHOW server_version");
  console.log(`PostgreSQL ${server_version}`);

  // ---- Bulk load: one INSERT ... SELECT over generate_series, rows in arrival order ----
  // Physical order is time order across all users (seq-major), as notifications arrive
  // interleaved in a real deployment: a user's 20 newest rows sit in 20 different heap
  // pages, not one. created_at spans the last 30 days and grows with seq.
  // Read state per user: 20 % are "dormant" (their newest 600-999 are unread), the other
  // 80 % read regularly (their newest 0-60 are unread, plus 15 % of the older rows they
  // skipped). That is about 30 % unread overall.
  let t0 = performance.now();
  await admin.query("BEGIN");
  // (synchronous_commit stays on: VACUUM cannot mark pages all-visible while the inserting
  // transaction's commit record may still be unflushed, and index-only scans need that.)
  await admin.query("SET LOCAL work_mem = '256MB'");
  await admin.query("SELECT setseed($1)", [((SEED % 1000) + 1) / 1001]);
  const { rowCount } = await admin.query(
    `WITH d AS MATERIALIZED (
       SELECT id AS user_id, n::int AS n, random() AS d1, random() AS d2
       FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)
     ), u AS (
       SELECT user_id, n, d1 < 0.2 AS dormant,
              CASE WHEN d1 < 0.2 THEN 600 + floor(d2 * 400)::int ELSE floor(d2 * 61)::int END AS newest_unread
       FROM d
     ), r AS MATERIALIZED (
       SELECT u.user_id, u.n, s.s,
              now() - interval '30 days' + ((s.s - 1) * $3::int + (u.n - 1)) * (interval '30 days' / ($2::int * $3::int)) AS created_at,
              (s.s > $2 - u.newest_unread OR (NOT u.dormant AND random() < 0.15)) AS unread,
              random() AS r1, random() AS r2
       FROM generate_series(1, $2::int) AS s(s) CROSS JOIN u
     )
     INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url, read_at, created_at)
     SELECT gen_random_uuid(), user_id, s,
            (ARRAY['comment.created', 'task.assigned', 'mention', 'invoice.paid', 'deploy.finished'])[1 + floor(r1 * 5)::int],
            'Someone commented on Task #' || (s * 7 + n),
            CASE WHEN r2 < 0.5 THEN NULL ELSE 'Looks good to me, but could you check the edge case with empty input?' END,
            jsonb_build_object('taskId', s * 7 + n, 'actor', 'user-' || floor(r2 * 1000)::int),
            '/tasks/' || (s * 7 + n),
            CASE WHEN unread THEN NULL ELSE least(now(), created_at + (1 + r2 * 120) * interval '1 minute') END,
            created_at
     FROM r ORDER BY s, n`,
    [db.userIds, PER_USER, USERS],
  );
  // Keep the invariants the domain maintains: notification_seq = newest position,
  // unread_count = unread rows; inbox_version as if every read was marked one by one.
  await admin.query(
    `UPDATE users SET notification_seq = c.max_seq, unread_count = c.unread,
                      inbox_version = c.max_seq + c.total - c.unread
     FROM (SELECT user_id, max(seq) AS max_seq, count(*) AS total,
                  (count(*) FILTER (WHERE read_at IS NULL))::int AS unread
           FROM notifications GROUP BY user_id) c
     WHERE users.id = c.user_id`,
  );
  await admin.query("COMMIT");
  console.log(`loaded ${rowCount} notifications in ${ms(t0)} ms`);

  t0 = performance.now();
  await admin.query("VACUUM ANALYZE notifications");
  await admin.query("VACUUM ANALYZE users");
  console.log(`VACUUM ANALYZE in ${ms(t0)} ms`);

  const { rows: [check] } = await admin.query(
    `SELECT (SELECT count(*) FROM notifications)::int AS rows,
            (SELECT count(*) FROM notifications WHERE read_at IS NULL)::int AS unread,
            (SELECT count(*) FROM users u WHERE u.notification_seq <> (SELECT coalesce(max(seq), 0) FROM notifications n WHERE n.user_id = u.id)
                OR u.unread_count <> (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL))::int AS broken,
            pg_size_pretty(pg_table_size('notifications')) AS heap,
            pg_size_pretty(pg_relation_size('notifications_feed_idx')) AS feed_idx,
            pg_size_pretty(pg_relation_size('notifications_unread_idx')) AS unread_idx,
            current_setting('shared_buffers') AS shared_buffers,
            (SELECT relpages FROM pg_class WHERE relname = 'notifications') AS relpages,
            (SELECT relallvisible FROM pg_class WHERE relname = 'notifications') AS relallvisible`,
  );
  console.log(
    `rows ${check.rows}, unread ${check.unread} (${((100 * check.unread) / check.rows).toFixed(1)} %), users breaking the invariants: ${check.broken}; ` +
      `heap ${check.heap}, notifications_feed_idx ${check.feed_idx}, notifications_unread_idx ${check.unread_idx}, shared_buffers ${check.shared_buffers}; ` +
      `all-visible pages ${check.relallvisible}/${check.relpages}`,
  );
  if (check.broken !== 0 || check.rows !== USERS * PER_USER) throw new Error("bulk load broke an invariant");

  // ---- Measure through the domain functions ----
  // Bound every statement of the pool's connections (they are opened after this).
  const { rows: [{ name: dbName }] } = await admin.query("SELECT current_database() AS name");
  await admin.query(`ALTER DATABASE "${dbName}" SET statement_timeout = ${QUERY_STATEMENT_TIMEOUT_MS}`);
  handles = connectDb(db.url, 4);

  const deepCursorSeq = PER_USER - (DEEP_PAGE - 1) * PAGE_SIZE + 1; // the cursor page DEEP_PAGE - 1 hands out
  const deepCursor = encodeCursor(deepCursorSeq);
  type Scenario = { label: string; call: (userId: string) => Promise<void> };
  const scenarios: Scenario[] = [
    {
      label: "feed, first page",
      call: async (userId) => {
        const page = await listNotifications(userId, { limit: PAGE_SIZE, status: "all" });
        if (page.items.length !== PAGE_SIZE || page.items[0].seq !== PER_USER || !page.nextCursor) throw new Error("wrong first page");
      },
    },
    {
      label: "feed, unread page",
      call: async (userId) => {
        const page = await listNotifications(userId, { limit: PAGE_SIZE, status: "unread" });
        if (page.items.some((n) => n.readAt !== null)) throw new Error("read item in the unread page");
      },
    },
    {
      label: `feed, page ${DEEP_PAGE} (cursor)`,
      call: async (userId) => {
        const page = await listNotifications(userId, { limit: PAGE_SIZE, status: "all", cursor: deepCursor });
        if (page.items.length !== PAGE_SIZE || page.items[0].seq !== deepCursorSeq - 1) throw new Error("wrong deep page");
      },
    },
    {
      label: "inbox state (unread)",
      call: async (userId) => {
        const state = await getInboxState(userId);
        if (state.version < PER_USER) throw new Error("unknown user");
      },
    },
  ];

  const random = prng(SEED);
  const pick = () => db!.userIds[Math.floor(random() * db!.userIds.length)];
  console.log(`\n${CALLS} sequential calls each (after ${WARMUP} warm-up calls), random user per call, ${PAGE_SIZE} per page:`);
  const results: { label: string; summary: ReturnType<typeof summarize> }[] = [];
  for (const scenario of scenarios) {
    for (let i = 0; i < WARMUP; i++) await scenario.call(pick());
    const latencies: number[] = [];
    const start = performance.now();
    for (let i = 0; i < CALLS && performance.now() - start < SCENARIO_LIMIT_MS; i++) {
      const userId = pick();
      const c0 = performance.now();
      await scenario.call(userId);
      latencies.push(performance.now() - c0);
    }
    const summary = summarize(latencies);
    results.push({ label: scenario.label, summary });
    const target = TARGETS[scenario.label];
    const verdict = target === undefined ? "" : `  (target p99 < ${target} ms: ${summary.p99 < target ? "met" : "MISSED"})`;
    console.log(formatSummary(scenario.label, summary) + verdict);
  }

  // Which plans the domain's pooled connections ran: PostgreSQL switches a prepared
  // statement to a generic plan after five executions when it estimates it no worse.
  const clients = await Promise.all(Array.from({ length: handles.pool.totalCount }, () => handles!.pool.connect()));
  console.log(`\nprepared statements on the ${clients.length} pooled connection(s) (generic/custom plans executed):`);
  for (const client of clients) {
    const { rows } = await client.query(
      "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE from_sql = false ORDER BY name",
    );
    console.log("  " + rows.map((r) => `${r.name} ${r.generic_plans}/${r.custom_plans}`).join(", "));
  }
  for (const client of clients) client.release();

  // ---- EXPLAIN the statements the domain runs ----
  // The feed statements come from the domain's own builder (feedStatement) and the state
  // query from server/inbox/inbox-state.ts. They run as prepared statements with
  // parameters, so they are explained the same way: PREPARE, then EXPLAIN EXECUTE, under
  // the plan cache's default (custom plans for the first five executions) and forced generic.
  const INBOX_STATE_SQL = "SELECT unread_count, inbox_version FROM users WHERE id = $1";
  const UNREAD_COUNT_SQL = "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";

  // A typical (not dormant) user: about the median unread count.
  const { rows: [sample] } = await admin.query(
    "SELECT id, unread_count FROM users WHERE id LIKE 'bench-user-%' ORDER BY unread_count, id OFFSET $1 LIMIT 1",
    [Math.floor(USERS / 2)],
  );
  const { rows: [dormant] } = await admin.query(
    "SELECT id, unread_count FROM users WHERE id LIKE 'bench-user-%' ORDER BY unread_count DESC, id LIMIT 1",
  );
  await admin.query(`SET statement_timeout = ${QUERY_STATEMENT_TIMEOUT_MS}`);
  const feed = (status: "all" | "unread", before: string | null) => feedStatement(sample.id, { limit: PAGE_SIZE, status }, before);
  const statements = {
    list_all: feed("all", null),
    list_unread: feed("unread", null),
    list_all_after: feed("all", String(deepCursorSeq)),
  };
  // Parameter types left to the server to infer, as for pg's named statements.
  for (const [name, st] of Object.entries(statements)) await admin.query(`PREPARE ${name} AS ${st.text}`);
  await admin.query("PREPARE inbox_state AS " + INBOX_STATE_SQL);
  await admin.query("PREPARE unread_count AS " + UNREAD_COUNT_SQL);

  async function explain(title: string, execute: string, params: unknown[], mode: "auto" | "force_generic_plan" = "auto") {
    await admin!.query(`SET plan_cache_mode = ${mode}`);
    const args = params.map((p) => (p === null ? "NULL" : admin!.escapeLiteral(String(p as string | number)))).join(", ");
    const { rows } = await admin!.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${execute}(${args})`);
    console.log(`\n-- ${title}${mode === "auto" ? "" : ` [${mode}]`}\n` + rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  const deepTitle = `listNotifications page ${DEEP_PAGE}, status all (cursor seq < ${deepCursorSeq})`;
  console.log(`\nEXPLAIN for ${sample.id} (unread_count ${sample.unread_count}, the median user) unless stated:`);
  await explain("listNotifications first page, status all", "list_all", statements.list_all.values);
  await explain("listNotifications first page, status unread", "list_unread", statements.list_unread.values);
  await explain(deepTitle, "list_all_after", statements.list_all_after.values);
  await explain("getInboxState", "inbox_state", [sample.id]);
  await explain("count of unread rows (not run by the domain; shows notifications_unread_idx)", "unread_count", [sample.id]);
  await explain(`count of unread rows, dormant user ${dormant.id} (unread_count ${dormant.unread_count})`, "unread_count", [dormant.id]);
  await explain("listNotifications first page, status all", "list_all", statements.list_all.values, "force_generic_plan");
  await explain("listNotifications first page, status unread", "list_unread", statements.list_unread.values, "force_generic_plan");
  await explain(deepTitle, "list_all_after", statements.list_all_after.values, "force_generic_plan");

  console.log(`\ntotal ${(ms(started) / 1000).toFixed(1)} s`);
  const missed = results.some((r) => TARGETS[r.label] !== undefined && !(r.summary.p99 < TARGETS[r.label]));
  await cleanup();
  clearTimeout(watchdog);
  process.exit(missed ? 1 : 0);
} catch (error) {
  console.error(error);
  await cleanup();
  clearTimeout(watchdog);
  process.exit(1);
}
