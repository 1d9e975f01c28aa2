// npm run bench:commit: what a durable commit costs on this machine, the floor under
// Herald's publish latency that a server which stores nothing does not pay. On the
// benchmark's database (embedded PostgreSQL, or BENCH_DATABASE_URL), one connection, one
// statement at a time: a round trip that writes nothing (SELECT 1), a one-row INSERT
// committed with synchronous_commit on (Herald's setting: the WAL is flushed before the
// answer), and the same with it off (for comparison only; Herald never turns it off).
import { parseArgs } from "node:util";
import pg from "pg";
import { prepareBenchDatabase } from "./bench-database.ts";
import { formatSummary, summarize } from "./stats.ts";

const { values: opts } = parseArgs({ options: { count: { type: "string", default: "3000" } } });
const COUNT = Number(opts.count);

const database = await prepareBenchDatabase(0);
const client = new pg.Client({ connectionString: database.url });
try {
  await client.connect();
  await client.query("CREATE TABLE commit_probe (id bigserial PRIMARY KEY, v text NOT NULL)");
  const time = async (label: string, query: pg.QueryConfig) => {
    for (let i = 0; i < 200; i++) await client.query(query); // warm-up
    const took: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const t0 = performance.now();
      await client.query(query);
      took.push(performance.now() - t0);
    }
    console.log(formatSummary(label.padEnd(34), summarize(took)));
  };
  console.log(`${database.kind}, ${COUNT} statements each, one after the other`);
  await time("SELECT 1 (round trip)", { name: "select", text: "SELECT 1" });
  await client.query("SET synchronous_commit = on");
  await time("INSERT, synchronous_commit on", { name: "insert", text: "INSERT INTO commit_probe (v) VALUES ($1)", values: ["x"] });
  await client.query("SET synchronous_commit = off");
  await time("INSERT, synchronous_commit off", { name: "insert", text: "INSERT INTO commit_probe (v) VALUES ($1)", values: ["x"] });
} finally {
  await client.end().catch(() => {});
  await database.cleanup();
}
