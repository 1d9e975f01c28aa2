// When Redis fails between instances: local sockets never wait for it, and once it is back
// every socket that may have missed an event catches up, so nothing is lost.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { InboxClient } from "../../lib/inbox-client.ts";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, eventually, waitFor, type Api } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, type HeraldProcess } from "../support/herald-process.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandaloneRedis, type RedisTopology } from "../support/infra/redis.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { parseMetrics, sampleValue } from "../support/prometheus.ts";
import { publish } from "../support/user-api.ts";

let database: TestDatabase;
let redis: RedisTopology;
let redisDir: string;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
const clients: InboxClient[] = [];

beforeAll(async () => {
  redisDir = mkdtempSync(join(tmpdir(), "herald-redis-"));
  database = await createTestDatabase();
  redis = await startStandaloneRedis(redisDir);
  const env = { DATABASE_URL: database.url, METRICS_TOKEN, ...redis.env };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  if (redisDir) rmSync(redisDir, { recursive: true, force: true });
  await database?.drop();
});

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

/** herald_redis_fanout_failures_total{reason} on one instance (0 before the first). */
async function fanoutFailures(server: HeraldProcess, reason: "publish_error" | "slow" | "disconnected"): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  return sampleValue(parseMetrics(await res.text()), "herald_redis_fanout_failures_total", { reason }) ?? 0;
}

/** A real inbox client of one user on one instance, recording what it is shown. */
async function clientOf(server: HeraldProcess, userId: string): Promise<{ shown: NotificationDto[]; client: InboxClient }> {
  const shown: NotificationDto[] = [];
  let connected = false;
  const client = new InboxClient({
    url: server.url,
    since: { lastSeq: 0, version: 0 },
    getToken: async () => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token as string,
    socketOptions: { extraHeaders: { origin: TEST_ORIGIN } },
  });
  client.subscribe({ notification: (n) => void shown.push(n), connection: (up) => void (connected = up) });
  clients.push(client);
  await client.connect();
  await waitFor(() => connected);
  return { shown, client };
}

it("delivers to the publishing instance's own sockets while Redis is stalled, and to the others once it resumes", async () => {
  await createUsers("paz");
  const onA = await clientOf(a, "paz");
  const onB = await clientOf(b, "paz");
  await redis.pauseNode();
  try {
    const ids = [(await publish(api, ["paz"], { title: "during the stall" })).paz];
    await waitFor(() => onA.shown.some((n) => n.id === ids[0]), 5000);
    expect(onB.shown).toEqual([]);
  } finally {
    await redis.resumeNode();
  }
  await waitFor(() => onB.shown.length === 1, 10_000);
  expect(onB.shown.map((n) => n.title)).toEqual(["during the stall"]);
});

it("loses nothing when Redis dies and comes back: every socket that missed events catches up", async () => {
  await createUsers("ren");
  const onA = await clientOf(a, "ren");
  const onB = await clientOf(b, "ren");
  const before = (await publish(api, ["ren"], { title: "before" })).ren;
  await waitFor(() => onB.shown.some((n) => n.id === before));

  const disconnectedBefore = await Promise.all([a, b].map((server) => fanoutFailures(server, "disconnected")));
  await redis.killNode();
  const during: string[] = [];
  for (let i = 0; i < 5; i++) during.push((await publish(api, ["ren"], { title: `during ${i}` })).ren);
  // The publishing instance's own socket has them at once; the other instance's has not.
  await waitFor(() => during.every((id) => onA.shown.some((n) => n.id === id)));
  expect(onB.shown.map((n) => n.id)).toEqual([before]);

  await redis.restartNode();
  await waitFor(() => during.every((id) => onB.shown.some((n) => n.id === id)), 20_000);
  const after = (await publish(api, ["ren"], { title: "after" })).ren;
  await waitFor(() => onB.shown.some((n) => n.id === after) && onA.shown.some((n) => n.id === after), 10_000);
  for (const { shown } of [onA, onB]) {
    const ids = shown.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([before, ...during, after]));
  }
  // The missed events may have come by the failed-publish hint first; the link's own line
  // follows once the instance has seen the link back.
  const restored = () => [...a.logs(), ...b.logs()].some((l) => l.msg === "redis link restored; told sockets to catch up");
  await waitFor(restored, 10_000);
  expect(restored()).toBe(true);
  // Counted as well as logged: each instance saw its link go down once.
  const disconnectedAfter = await Promise.all([a, b].map((server) => fanoutFailures(server, "disconnected")));
  expect(disconnectedAfter).toEqual(disconnectedBefore.map((n) => n + 1));
});

it("lets a socket in and catches it up while Redis is stalled, has its room subscribed once Redis answers, and counts the late fan-out as slow", async () => {
  await createUsers("ivo");
  const before = (await publish(api, ["ivo"], { title: "before the stall" })).ivo;
  const slowBefore = await fanoutFailures(a, "slow");
  const viaB = await apiClient(b.url);
  let onA: Awaited<ReturnType<typeof clientOf>>;
  await redis.pauseNode();
  try {
    // Published on A during the stall: A's own sockets have it, its Redis publish waits.
    const during = (await publish(api, ["ivo"], { title: "during the stall" })).ivo;
    // The handshake (presence) and the first catch-up (the room's subscription) would wait
    // on Redis: they give up after a moment instead, so the client is in and caught up.
    onA = await clientOf(a, "ivo");
    await waitFor(() => [before, during].every((id) => onA.shown.some((n) => n.id === id)), 10_000);
  } finally {
    await redis.resumeNode();
  }
  // Once Redis answers, the socket's room is subscribed: other instances' events reach it live.
  await waitFor(() => a.logs().some((l) => l.msg.startsWith("redis subscription late")), 5000);
  const after = (await publish(viaB, ["ivo"], { title: "after the stall, from B" })).ivo;
  await waitFor(() => onA.shown.some((n) => n.id === after), 10_000);
  const ids = onA.shown.map((n) => n.id);
  expect(new Set(ids).size).toBe(ids.length);
  // A's publish reached Redis only after the stall: late, counted as slow (not lost).
  await eventually(async () => (await fanoutFailures(a, "slow")) > slowBefore, 10_000, 200);
});
