// The per-person rate limit: at most 30 a minute reach a person individually, counted across
// instances in Redis (the deployment's namespace); the rest fold into one digest item that
// counts up live; nothing is lost; critical types pass. Without Redis each instance counts
// on its own, says so, and delivers all the same.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { sql } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { parseMetrics, sampleValue } from "../support/prometheus.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, storedInbox, userApi } from "../support/user-api.ts";
import type { NotificationDto } from "../../lib/events.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let c: HeraldProcess;
let proxy: TcpProxy;
let redis: Redis;
let api: Api;
let apiB: Api;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startTcpProxy(inject("redisUrl"));
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), RATE_LIMIT_PER_MINUTE: "30", METRICS_TOKEN };
  // c reaches Redis through a proxy the test can cut.
  [a, b, c] = await Promise.all([startHerald(env), startHerald(env), startHerald({ ...env, REDIS_URL: proxy.url.replace("http:", "redis:") })]);
  api = await apiClient(a.url);
  apiB = await apiClient(b.url);
  redis = new Redis(inject("redisUrl"));
});

afterAll(async () => {
  for (const s of sockets) s.close();
  redis?.disconnect();
  await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
  await proxy?.close();
  await database?.drop();
});

const METRICS_TOKEN = "metrics-token-storm-0123456789abcdef";

/** A counter summed over instances. */
async function counted(servers: HeraldProcess[], name: string, labels: Record<string, string> = {}): Promise<number> {
  let total = 0;
  for (const server of servers) {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    total += sampleValue(parseMetrics(await res.text()), name, labels) ?? 0;
  }
  return total;
}

const publishTo = async (via: Api, userId: string, title: string, type = "task.updated") => {
  const res = await via.request("POST", "/api/v1/notifications", { recipients: [userId], type, title });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.notifications[0];
};

async function wholeFeed(userId: string) {
  const user = await userApi(a.url, api, userId);
  const items: NotificationDto[] = (await user.request("GET", `${ME}?limit=100`)).body.items;
  return { user, items };
}

it("lets 30 a minute through across two instances, folds the other 15 into one digest, and passes a critical one", async () => {
  // The servers are shared by the file's tests, which run in any order: count from here.
  const foldedBefore = await counted([a, b], "herald_notifications_folded_total", { into: "digest" });
  await createUsers("rita");
  const { body } = await api.request("POST", "/api/v1/users/rita/token");
  const socket = await connectSocket(a.url, { token: body.token });
  sockets.push(socket);
  const created = collect(socket, "notification:new");
  const updated = collect(socket, "notification:updated");

  for (let i = 1; i <= 45; i++) await publishTo(i % 2 ? api : apiB, "rita", `Update ${i}`);

  const { user, items } = await wholeFeed("rita");
  expect(items).toHaveLength(31);
  const [digest, ...individual] = items;
  expect(individual.map((n) => n.title)).toEqual(Array.from({ length: 30 }, (_, i) => `Update ${30 - i}`));
  expect(digest).toMatchObject({ title: "15 more notifications", body: "Latest: Update 45", readAt: null, group: { count: 15, digest: true } });
  // It opens to its own page, which lists them.
  expect(digest.actionUrl).toBe(`/notifications/${digest.id}`);
  // Every one of the 45 can be found: 30 in the feed, 15 in the digest.
  const opened = await user.request("GET", `${ME}/${digest.id}`);
  expect(opened.body.parts.map((p: NotificationDto) => p.title)).toEqual(Array.from({ length: 15 }, (_, i) => `Update ${45 - i}`));
  // Live: 30 items and the digest arrived, then the digest counted up 14 times.
  await waitFor(() => created.length === 31 && updated.length === 14);
  expect(updated.at(-1)!.notification).toMatchObject({ id: digest.id, group: { count: 15 } });
  expect(await storedInbox("rita")).toMatchObject({ unreadCount: 31, unreadRows: 31 });
  expect((await counted([a, b], "herald_notifications_folded_total", { into: "digest" })) - foldedBefore).toBe(15);

  // Shared in Redis, in this deployment's namespace, for one minute.
  const namespace = a.logs().find((l) => l.msg === "herald listening")?.namespace;
  const ttl = await redis.pttl(`herald:${namespace}:rate:rita`);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(60_000);

  // A critical type is exempt: it arrives as an item of its own.
  expect((await api.request("PUT", "/api/v1/types/security.alert", { critical: true, priority: "high" })).status).toBe(201);
  const alert = await publishTo(api, "rita", "New sign-in from Berlin", "security.alert");
  const after = await wholeFeed("rita");
  expect(after.items[0]).toMatchObject({ id: alert.id, title: "New sign-in from Berlin", group: null });
  expect(after.items[1]).toMatchObject({ id: digest.id, group: { count: 15 } });
});

it("counts per instance when Redis cannot be reached, says so, and delivers every notification", async () => {
  await createUsers("remy");
  await proxy.cut();
  const started = Date.now();
  for (let i = 1; i <= 35; i++) await publishTo(await apiClient(c.url), "remy", `Ping ${i}`);
  // Never held up waiting for Redis.
  expect(Date.now() - started).toBeLessThan(35 * 1000);
  await waitFor(() => c.logs().some((l) => l.msg === "rate limit: Redis unreachable, counting per instance until it answers again"));
  expect(await counted([c], "herald_rate_limit_local_total")).toBe(35);
  const { user, items } = await wholeFeed("remy");
  expect(items).toHaveLength(31);
  expect(items[0]).toMatchObject({ title: "5 more notifications", group: { count: 5, digest: true } });
  expect((await user.request("GET", `${ME}/${items[0].id}`)).body.parts).toHaveLength(5);
  await proxy.restore();
});

it("the 3-hour return: 200 arrivals while away make a handful of grouped items and a digest, with one push per group", async () => {
  await createUsers("tom");
  expect((await api.request("PUT", "/api/v1/types/task.commented", { defaultChannels: ["in_app", "push"] })).status).toBe(201);
  const send = (i: number) =>
    i % 5 === 0
      ? publishTo(i % 2 ? api : apiB, "tom", `Status change ${i}`)
      : api.request("POST", "/api/v1/notifications", {
          recipients: ["tom"],
          type: "task.commented",
          title: `Comment ${i}`,
          data: { task: { id: `t${i % 5}`, number: i % 5 }, actor: { id: `p${i}`, name: `Person ${i}` } },
        });
  // In rounds of 10 at once, so the 200 arrive well within the minute.
  for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: 10 }, (_, k) => send(round * 10 + k)));

  const { items } = await wholeFeed("tom");
  const grouped = items.filter((n) => n.group && !n.group.digest);
  const digests = items.filter((n) => n.group?.digest);
  const single = items.filter((n) => !n.group);
  expect(grouped.map((n) => n.group!.count)).toEqual([40, 40, 40, 40]);
  expect(digests).toHaveLength(1);
  expect(single.length + digests[0].group!.count).toBe(40);
  // 30 reached the person individually: 4 groups opened and counted up, and the first status changes.
  expect(single.length).toBeLessThanOrEqual(30);
  expect(single.length).toBeGreaterThan(0);
  expect(items.length).toBeLessThan(40);
  const { rows } = await sql().query<{ n: string }>(
    `SELECT count(*) AS n FROM pgboss.job WHERE name = 'push.send' AND data->>'notificationId' IN (SELECT id::text FROM notifications WHERE user_id = 'tom')`,
  );
  expect(Number(rows[0].n)).toBe(4);
});
