// When Redis fails between instances: local sockets never wait for it, and once it is back
// every socket that may have missed an event catches up, so nothing is lost.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { InboxClient } from "../../lib/inbox-client.ts";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, waitFor, type Api } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, type HeraldProcess } from "../support/herald-process.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandaloneRedis, type RedisTopology } from "../support/infra/redis.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { publish } from "../support/user-api.ts";

let database: TestDatabase;
let redis: RedisTopology;
const redisDir = mkdtempSync(join(tmpdir(), "herald-redis-"));
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
const clients: InboxClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startStandaloneRedis(redisDir);
  const env = { DATABASE_URL: database.url, ...redis.env };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  rmSync(redisDir, { recursive: true, force: true });
  await database?.drop();
});

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
  const logged = [...a.logs(), ...b.logs()].map((l) => l.msg);
  expect(logged).toContain("redis link restored; told sockets to catch up");
});
