// While PostgreSQL is unreachable, publishes get 503 with Retry-After (not a 500, not a
// hang) and nothing is stored; the server logs one line, not a stack trace per request,
// stays up, and serves again by itself once the database is back.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import pg from "pg";
import PgBoss from "pg-boss";
import { authPrune } from "../../server/jobs/definitions/auth-prune.ts";
import { JOBS_SCHEMA } from "../../server/jobs/queue.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { chmodSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type FaultPostgres } from "../support/infra/postgres.ts";
import { rawRequest } from "../support/user-api.ts";
import { eventually } from "../support/clients.ts";
import { InboxClient } from "../../lib/inbox-client.ts";

let postgres: FaultPostgres;
let dataDir: string | undefined;
let server: HeraldProcess;
let key: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "herald-outage-"));
  // Reachable by PostgreSQL's own user when we are root: its data then stays in here rather
  // than in /var/lib/herald/data-<hash> behind a link (removing the link would leave it).
  chmodSync(dataDir, 0o755);
  postgres = await startPostgres(dataDir);
  server = await startHerald({ DATABASE_URL: postgres.url });
  // Through the server's own API: this test process has no database handle of its own here.
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const { createHash, randomBytes } = await import("node:crypto");
  key = `hk_${randomBytes(24).toString("base64url")}`;
  await client.query("INSERT INTO api_keys (id, name, prefix, hash) VALUES (gen_random_uuid(), 'outage', 'hk_', $1)", [
    createHash("sha256").update(key).digest("hex"),
  ]);
  await client.end();
  expect((await call("PUT", "/api/v1/users/omar", { name: "Omar" })).status).toBe(201);
});

// A test that fails during its outage must not leave the next one without a database.
afterEach(async () => {
  await postgres?.start();
});

afterAll(async () => {
  await server?.stop();
  await postgres?.stop();
  if (dataDir) {
    // Wherever the cluster ended up: a link's target goes too.
    const cluster = join(dataDir, "postgres");
    const real = (() => {
      try {
        return realpathSync(cluster);
      } catch {
        return cluster;
      }
    })();
    if (real !== cluster) rmSync(real, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const call = (method: string, path: string, body?: unknown) =>
  rawRequest(server.url, method, path, { authorization: `Bearer ${key}`, body });

const publish = (title: string) => call("POST", "/api/v1/notifications", { recipients: ["omar"], type: "test.outage", title });

async function storedTitles(): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query<{ title: string }>("SELECT title FROM notifications ORDER BY seq")).rows.map((r) => r.title);
  } finally {
    await client.end();
  }
}

it("answers 503 with Retry-After during the outage, stores nothing refused, and recovers by itself", async () => {
  // The tests run in any order: this one may follow another's restart, and judges only the
  // log lines and rows of its own outage.
  await eventually(async () => (await publish("before")).status === 202, 30_000);
  const logsBefore = server.logs().length;
  await postgres.stop();

  const refused = [];
  for (let i = 0; i < 5; i++) refused.push(await publish(`during ${i}`));
  for (const res of refused) {
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body).toEqual({ error: { code: "unavailable", message: expect.stringMatching(/nothing was stored/) } });
  }
  const withHeader = await fetch(`${server.url}/api/v1/notifications`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ recipients: ["omar"], type: "t", title: "during, headers" }),
  });
  expect(withHeader.status).toBe(503);
  expect(withHeader.headers.get("retry-after")).toBe("5");

  await postgres.start();
  const after = await eventually(async () => {
    const res = await publish("after");
    return res.status === 202 && res;
  }, 30_000);
  expect(after.status).toBe(202);
  const stored = await storedTitles();
  expect(stored).toEqual(expect.arrayContaining(["before", "after"]));
  expect(stored.filter((t) => t.startsWith("during"))).toEqual([]);

  // One warning line for the outage, no error lines and no stack traces; still running.
  // (The line is written once per 30 s: an outage in an earlier test may have written it.)
  const unavailableLines = (lines: { msg: string }[]) => lines.filter((l) => l.msg.startsWith("database unavailable")).length;
  const logs = server.logs().slice(logsBefore);
  expect(unavailableLines(logs)).toBeLessThanOrEqual(1);
  expect(unavailableLines(server.logs())).toBeGreaterThanOrEqual(1);
  expect(logs.filter((l) => l.level === "error" && l.msg === "request failed")).toEqual([]);
  expect(server.child.exitCode).toBeNull();
});

it("keeps working its job queue after the database came back", async () => {
  await postgres.stop();
  await postgres.start();
  // A job sent after the restart is picked up and completed by the server's workers.
  const boss = new PgBoss({ connectionString: postgres.url, schema: JOBS_SCHEMA, max: 1, migrate: false, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  try {
    const jobId = await eventually(async () => (await boss.send(authPrune.name, {}).catch(() => null)) ?? undefined, 30_000);
    await expect.poll(async () => (await boss.getJobById(authPrune.name, jobId))?.state, { timeout: 30_000 }).toBe("completed");
  } finally {
    await boss.stop({ graceful: false });
  }
});

it("tells a client connecting during the outage to come back (unavailable), and it does once the database is back", async () => {
  const token = (await call("POST", "/api/v1/users/omar/token")).body.token as string;
  await postgres.stop();
  const client = new InboxClient({ url: server.url, getToken: async () => token });
  const refusals: string[] = [];
  client.socket.on("connect_error", (error) => refusals.push(String((error as { data?: { code?: string } }).data?.code)));
  try {
    await client.connect();
    await eventually(async () => refusals.length >= 1, 10_000);
    expect(refusals[0]).toBe("unavailable");
    expect(client.willReconnect).toBe(true);
    await postgres.start();
    await eventually(async () => client.socket.connected, 40_000);
    expect(new Set(refusals)).toEqual(new Set(["unavailable"]));
    // Not one stack trace per refused handshake.
    expect(server.logs().filter((l) => l.msg === "handshake failed")).toEqual([]);
  } finally {
    client.close();
  }
}, 60_000);

it("brings back a connected client whose catch-up failed in the outage: it reconnects by itself once the database is back and catches up", async () => {
  const token = (await call("POST", "/api/v1/users/omar/token")).body.token as string;
  const shown: string[] = [];
  let up = false;
  const client = new InboxClient({ url: server.url, since: { lastSeq: 0, version: 0 }, getToken: async () => token });
  client.subscribe({ notification: (n) => void shown.push(n.title), connection: (connected) => void (up = connected) });
  const refusals: string[] = [];
  client.socket.on("connect_error", (error) => refusals.push(String((error as { data?: { code?: string } }).data?.code)));
  try {
    // Its own first notification, not an earlier test's: the server may still be getting its
    // connections back from the last restart, so the publish and the handshake may need tries.
    await eventually(async () => (await publish("before the outage")).status === 202, 30_000);
    await client.connect();
    await eventually(async () => up && shown.includes("before the outage"), 30_000, 100);
    const seenBefore = shown.length;
    await postgres.stop();
    // The catch-up cannot be served: the server closes the connection, and the handshakes
    // that follow cannot be checked either.
    client.requestCatchUp();
    await eventually(async () => !up && refusals.includes("unavailable"), 15_000);
    expect(client.willReconnect).toBe(true);

    await postgres.start();
    // Published while the client is still away: it arrives by the client's own catch-up
    // (or live, if it was back already), without anyone touching the client.
    const missed = await eventually(async () => {
      const res = await publish("missed in the outage");
      return res.status === 202 && res;
    }, 30_000);
    expect(missed.status).toBe(202);
    await eventually(async () => up && shown.includes("missed in the outage"), 40_000, 100);
    expect(shown.slice(seenBefore)).toEqual(["missed in the outage"]);
    expect(new Set(refusals)).toEqual(new Set(["unavailable"]));
  } finally {
    client.close();
  }
}, 90_000);
