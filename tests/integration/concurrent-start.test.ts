// Instances of a cluster start together (a deploy, an autoscaler): on a fresh database
// they must not trip over each other's migrations or job-queue setup.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import pg from "pg";
import { WORKSPACE_KEY_NAME } from "../../server/workspace/app-key.ts";

let database: TestDatabase;
const servers: HeraldProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // Start from an empty database: no tables, no pg-boss schema.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS pgboss CASCADE");
  await client.end();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
});

it("brings up four instances started at the same moment on an empty database", async () => {
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  const started = await Promise.allSettled([1, 2, 3, 4].map(() => startHerald(env)));
  for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
  expect(started.map((r) => (r.status === "rejected" ? String(r.reason).slice(0, 500) : "up"))).toEqual(["up", "up", "up", "up"]);
  for (const server of servers) expect((await fetch(`${server.url}/api/v1/notifications`)).status).toBe(405);
  // They made one key for the demo workspace between them (server/workspace/app-key.ts).
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE name = $1", [WORKSPACE_KEY_NAME]);
  await client.end();
  expect(rows[0].n).toBe(1);
}, 60_000); // four full starts at once on a shared 2-core machine
