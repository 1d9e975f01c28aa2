// Health, readiness and metrics on real servers: /healthz while the process runs, /readyz
// listing each dependency (and not ready while PostgreSQL is down, ready again after),
// /metrics behind its token, with Herald's counters moving as publishes and sockets happen.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase, type EmbeddedOptions } from "../../server/db/embedded.ts";
import { apiClient, connectSocket, createUsers, eventually, refusedConnection, waitFor, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { parseMetrics, sampleValue } from "../support/prometheus.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

let database: TestDatabase;
let withRedis: HeraldProcess;
let withoutRedis: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  [withRedis, withoutRedis] = await Promise.all([
    startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), METRICS_TOKEN }),
    startHerald({ DATABASE_URL: database.url, METRICS_PORT: "0" }),
  ]);
  api = await apiClient(withRedis.url);
  await createUsers("olga");
});

afterAll(async () => {
  await Promise.all([withRedis?.stop(), withoutRedis?.stop()]);
  await database?.drop();
});

// A client timeout on every probe: /readyz must answer, never hang.
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const scrape = async (url: string) => {
  const res = await get(`${url}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
  expect(res.status).toBe(200);
  return parseMetrics(res.text);
};

const ALL_OK = { database: { ok: true }, redis: { ok: true }, migrations: { ok: true }, jobs: { ok: true } };

describe("/healthz and /readyz", () => {
  it("/healthz answers ok, uncached, without credentials", async () => {
    const res = await get(`${withRedis.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("/readyz is ready with every check listed, with Redis and without", async () => {
    const res = await get(`${withRedis.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "ready", checks: ALL_OK });
    expect(res.headers.get("cache-control")).toBe("no-store");

    const single = await get(`${withoutRedis.url}/readyz`);
    expect(single.status).toBe(200);
    expect(single.json()).toEqual({ status: "ready", checks: { ...ALL_OK, redis: { ok: true, reason: "not configured" } } });
  });

  it("/readyz is not ready while a migration of this build is not recorded as applied", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations") RETURNING *`);
    try {
      const res = await eventually(async () => {
        const r = await get(`${withoutRedis.url}/readyz`);
        return r.status === 503 && r.json();
      });
      expect(res.checks.migrations).toEqual({ ok: false, reason: "1 not applied" });
      expect(res.checks.database).toEqual({ ok: true });
    } finally {
      const row = rows[0];
      await client.query(`INSERT INTO "_prisma_migrations" SELECT * FROM json_populate_record(NULL::"_prisma_migrations", $1)`, [JSON.stringify(row)]);
      await client.end();
    }
    expect(await eventually(async () => (await get(`${withoutRedis.url}/readyz`)).status === 200)).toBe(true);
  });

  it("refuses other methods with the error body", async () => {
    const res = await fetch(`${withRedis.url}/readyz`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });
});

describe("/metrics", () => {
  it("needs the token when one is configured", async () => {
    const refused: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token-0123456789" }, { authorization: METRICS_TOKEN }];
    for (const headers of refused) {
      const res = await get(`${withRedis.url}/metrics`, headers);
      expect(res.status).toBe(401);
      expect(res.json().error.code).toBe("unauthorized");
      expect(res.text).not.toContain("herald_");
    }
    const res = await get(`${withRedis.url}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    for (const name of [
      "herald_publishes_total",
      "herald_publish_commit_seconds",
      "herald_publish_emit_seconds",
      "herald_sockets_open",
      "herald_handshakes_refused_total",
      "herald_catchups_total",
      "herald_redis_fanout_failures_total",
      "herald_deliveries_total",
      "herald_job_queue_depth",
      "herald_http_requests_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
  });

  it("without a token: not on the public port, only on METRICS_PORT at 127.0.0.1", async () => {
    const res = await get(`${withoutRedis.url}/metrics`);
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe("not_found");

    const listening = withoutRedis.logs().find((l) => l.msg === "metrics listening");
    const metricsUrl = new URL(String(listening?.url));
    expect(metricsUrl.hostname).toBe("127.0.0.1");
    const local = await get(metricsUrl.href);
    expect(local.status).toBe(200);
    expect(sampleValue(parseMetrics(local.text), "herald_ready", { check: "database" })).toBe(1);
    expect((await get(`${metricsUrl.origin}/readyz`)).status).toBe(404);
  });

  it("counts publishes, their latency, sockets, refused handshakes, catch-ups and API requests", async () => {
    const before = await scrape(withRedis.url);
    const value = (samples: typeof before, name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels) ?? 0;

    const accepted = await api.request("POST", "/api/v1/notifications", { recipients: ["olga"], type: "t", title: "hello" });
    expect(accepted.status).toBe(202);
    const refused = await api.request("POST", "/api/v1/notifications", { recipients: ["nobody"], type: "t", title: "hello" });
    expect(refused.status).toBe(422);
    const { token } = (await api.request("POST", "/api/v1/users/olga/token")).body;
    const socket = await connectSocket(withRedis.url, { auth: { token, lastSeq: 0 } });
    expect((await refusedConnection(withRedis.url, { token, origin: "http://elsewhere.test" })).data?.code).toBe("origin_not_allowed");
    expect((await refusedConnection(withRedis.url, { token: "not-a-token" })).data?.code).toBe("unauthorized");

    try {
      const after = await eventually(async () => {
        const samples = await scrape(withRedis.url);
        return value(samples, "herald_catchups_total", { kind: "items" }) > value(before, "herald_catchups_total", { kind: "items" }) && samples;
      });
      const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
      expect(delta("herald_publishes_total", { result: "accepted" })).toBe(1);
      expect(delta("herald_publishes_total", { result: "refused" })).toBe(1);
      expect(delta("herald_publish_commit_seconds_count")).toBe(1);
      expect(delta("herald_publish_emit_seconds_count")).toBe(1);
      expect(value(after, "herald_publish_emit_seconds_sum")).toBeGreaterThan(0);
      expect(delta("herald_http_requests_total", { route: "/api/v1/notifications", status: "202" })).toBe(1);
      expect(delta("herald_http_requests_total", { route: "/api/v1/notifications", status: "422" })).toBe(1);
      expect(delta("herald_handshakes_refused_total", { reason: "origin_not_allowed" })).toBe(1);
      expect(delta("herald_handshakes_refused_total", { reason: "unauthorized" })).toBe(1);
      expect(delta("herald_catchups_total", { kind: "items" })).toBe(1);
      expect(value(after, "herald_sockets_open")).toBe(1);
      expect(sampleValue(after, "herald_job_queue_depth", { queue: "retention.sweep" })).toBeGreaterThanOrEqual(0);
      expect(sampleValue(after, "herald_ready", { check: "redis" })).toBe(1);
    } finally {
      socket.close();
    }
    await eventually(async () => sampleValue(await scrape(withRedis.url), "herald_sockets_open") === 0);
  });

  it("counts in-app deliveries: delivered when the item is shown, skipped when the person turned in-app off", async () => {
    const inApp = async (status: string) => sampleValue(await scrape(withRedis.url), "herald_deliveries_total", { channel: "in_app", status }) ?? 0;
    const before = { delivered: await inApp("delivered"), skipped: await inApp("skipped") };
    expect((await api.request("POST", "/api/v1/notifications", { recipients: ["olga"], type: "t.quiet", title: "shown" })).status).toBe(202);
    expect(await inApp("delivered")).toBe(before.delivered + 1);

    const { token } = (await api.request("POST", "/api/v1/users/olga/token")).body;
    const off = await fetch(`${withRedis.url}/api/v1/me/preferences`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ preferences: [{ type: "t.quiet", channel: "in_app", enabled: false }] }),
    });
    expect(off.status).toBe(200);
    expect((await api.request("POST", "/api/v1/notifications", { recipients: ["olga"], type: "t.quiet", title: "not shown" })).status).toBe(202);
    expect(await inApp("skipped")).toBe(before.skipped + 1);
    expect(await inApp("delivered")).toBe(before.delivered + 1);
  });
});

describe("readiness follows PostgreSQL", () => {
  let postgres: EmbeddedDatabase | undefined;
  let server: HeraldProcess;
  let options: EmbeddedOptions;

  beforeAll(async () => {
    options = { dataDir: mkdtempSync(join(tmpdir(), "herald-readyz-pg-")), port: 55_000 + Math.floor(Math.random() * 5000), password: "herald" };
    chmodSync(options.dataDir, 0o755); // PostgreSQL runs as its own user when we are root
    postgres = await startEmbeddedPostgres(options);
    server = await startHerald({ DATABASE_URL: postgres.url });
  });

  // PostgreSQL's own processes (postmaster and backends), to freeze and thaw them: a hung
  // server, unlike a stopped one, accepts connections and never answers.
  const postgresPids = () => {
    const postmaster = readFileSync(join(options.dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0];
    const children = execFileSync("pgrep", ["-P", postmaster]).toString().trim().split("\n");
    return [postmaster, ...children].map(Number);
  };
  let frozen: number[] = [];
  const thaw = () => {
    for (const pid of frozen.splice(0)) process.kill(pid, "SIGCONT");
  };

  afterAll(async () => {
    thaw();
    await server?.stop();
    await postgres?.stop();
    if (options) rmSync(options.dataDir, { recursive: true, force: true });
  });

  it("/readyz answers not ready within its timeout while the database hangs, and ready once it answers", async () => {
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    frozen = postgresPids();
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    const hung = await eventually(async () => {
      const res = await get(`${server.url}/readyz`);
      return res.status === 503 && res.json();
    }, 20_000);
    expect(hung.status).toBe("not_ready");
    expect(hung.checks.database.ok).toBe(false);
    expect(hung.checks.jobs.ok).toBe(false);
    thaw();
    expect(await eventually(async () => (await get(`${server.url}/readyz`)).status === 200, 20_000)).toBe(true);
  }, 60_000);

  it("/readyz is not ready while the database is stopped, and ready again once it is back", async () => {
    expect((await get(`${server.url}/readyz`)).status).toBe(200);

    await postgres!.stop();
    postgres = undefined;
    const down = await eventually(async () => {
      const res = await get(`${server.url}/readyz`);
      return res.status === 503 && res.json();
    }, 20_000);
    expect(down.status).toBe("not_ready");
    expect(down.checks.database).toEqual({ ok: false, reason: "unreachable" });
    expect(down.checks.migrations).toEqual({ ok: false, reason: "database unreachable" });
    expect(down.checks.redis).toEqual({ ok: true, reason: "not configured" });
    expect(JSON.stringify(down)).not.toMatch(/127\.0\.0\.1|localhost|\/tmp|ECONN|5\d{4}/);
    // The process itself is fine: liveness does not depend on the database.
    expect((await get(`${server.url}/healthz`)).status).toBe(200);

    postgres = await startEmbeddedPostgres(options);
    const up = await eventually(async () => {
      const res = await get(`${server.url}/readyz`);
      return res.status === 200 && res.json();
    }, 20_000);
    expect(up).toEqual({ status: "ready", checks: { ...ALL_OK, redis: { ok: true, reason: "not configured" } } });
  }, 60_000);
});

it("/readyz answers 503 at once when SIGTERM arrives, while requests drain", async () => {
  const server = await startHerald({ DATABASE_URL: database.url });
  try {
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    // A probe whose request is under way (headers not finished) when the signal arrives:
    // the server keeps such connections open while it drains.
    const probe = net.connect(Number(new URL(server.url).port), "127.0.0.1");
    await once(probe, "connect");
    probe.write("GET /readyz HTTP/1.1\r\nHost: herald.test\r\n");
    let response = "";
    probe.on("data", (chunk: Buffer) => (response += chunk.toString()));
    const exited = server.stop();
    await waitFor(() => server.logs().some((l) => l.msg === "shutting down"));
    probe.write("Connection: close\r\n\r\n");
    await once(probe, "close");
    expect(response).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4))).toEqual({ status: "shutting_down", checks: {} });
    expect(await exited).toBe(0);
  } finally {
    await server.stop();
  }
});
