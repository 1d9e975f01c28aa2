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

it("counts a grouped notification once, when it opens its item: counting the item up reaches nobody anew", async () => {
  await createUsers("gus");
  // 30 comments on 3 tasks, on both instances: 3 items, 27 updates.
  for (let i = 0; i < 30; i++) {
    const res = await (i % 2 ? apiB : api).request("POST", "/api/v1/notifications", {
      recipients: ["gus"],
      type: "task.commented",
      title: `Comment ${i}`,
      data: { task: { id: `g${i % 3}`, number: i % 3 }, actor: { name: `Person ${i}` } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  }
  // So 27 more reach gus individually this minute, and only the 3 after them are folded.
  const plain = [];
  for (let i = 1; i <= 30; i++) plain.push(await publishTo(i % 2 ? api : apiB, "gus", `Plain ${i}`));
  expect(plain.map((n) => n.partId !== undefined)).toEqual([...Array(27).fill(false), true, true, true]);
  const { items } = await wholeFeed("gus");
  expect(items.filter((n) => n.group && !n.group.digest).map((n) => n.group!.count)).toEqual([10, 10, 10]);
  expect(items.filter((n) => n.group?.digest).map((n) => n.group!.count)).toEqual([3]);
});

it("the 3-hour return: 200 arrivals on 5 tasks while away make a handful of grouped items and a digest, one push per group", async () => {
  // Its own instance with a limit of 6, below the 10 groups the first burst opens at once.
  const limited = await startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), RATE_LIMIT_PER_MINUTE: "6" });
  try {
    const via = await apiClient(limited.url);
    const namespace = limited.logs().find((l) => l.msg === "herald listening")?.namespace;
    await createUsers("tom");
    // Registered already when another test of the file used it first (200), else now (201).
    expect([200, 201]).toContain((await api.request("PUT", "/api/v1/types/task.commented", { defaultChannels: ["in_app", "push"] })).status);
    const { rows: start } = await sql().query<{ seq: string; version: string }>("SELECT notification_seq AS seq, inbox_version AS version FROM users WHERE id = 'tom'");
    // Comments (pushed) and status changes (in-app only) on tasks 1-5: ten groups.
    const send = async (i: number) => {
      const task = (i % 5) + 1;
      const comment = i % 3 !== 0;
      const res = await via.request("POST", "/api/v1/notifications", {
        recipients: ["tom"],
        type: comment ? "task.commented" : "task.updated",
        title: comment ? `Person ${i} commented on Task #${task}` : `Task #${task} moved (${i})`,
        data: { task: { id: `tom-${task}`, number: task }, actor: { id: `p${i}`, name: `Person ${i}` } },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    };
    // Three hours in rounds a quarter of an hour apart: the first a burst of 40 at once,
    // then 160 more in 11 rounds. Between rounds time moves on: every window of tom's ends
    // 15 minutes earlier and his rate-limit minute is over.
    const rounds = [40, ...Array.from({ length: 11 }, (_, r) => (r < 6 ? 15 : 14))];
    expect(rounds.reduce((x, y) => x + y)).toBe(200);
    let sent = 0;
    for (const size of rounds) {
      await Promise.all(Array.from({ length: size }, (_, k) => send(sent + k)));
      sent += size;
      await sql().query("UPDATE notifications SET window_ends_at = window_ends_at - interval '15 minutes' WHERE user_id = 'tom' AND window_ends_at IS NOT NULL");
      await redis.del(`herald:${namespace}:rate:tom`);
    }

    // Tom comes back: his client reconnects from where it stood.
    const { body } = await api.request("POST", "/api/v1/users/tom/token");
    const socket = await connectSocket(a.url, { auth: { token: body.token, lastSeq: Number(start[0].seq), lastVersion: Number(start[0].version) } });
    sockets.push(socket);
    const catchUps = collect(socket, "inbox:catch-up");
    const catchUp = await waitFor(() => catchUps[0]);
    const missed = catchUp.missed!;
    const grouped = missed.filter((n) => n.group && !n.group.digest);
    const digests = missed.filter((n) => n.group?.digest);
    // A handful: one item per group (ten) and the digest of the first burst; nothing alone.
    expect(grouped).toHaveLength(10);
    expect(new Set(grouped.map((n) => n.group!.key)).size).toBe(10);
    expect(digests).toHaveLength(1);
    expect(missed).toHaveLength(11);
    expect(catchUp.unreadCount).toBe(11);
    // Every one of the 200 is in one of them.
    expect(missed.reduce((sum, n) => sum + n.group!.count, 0)).toBe(200);
    // Each comment group pushed once, however long it went on; status changes and the digest never.
    const { rows } = await sql().query<{ n: string }>(
      `SELECT count(*) AS n FROM pgboss.job WHERE name = 'push.send' AND data->>'notificationId' IN (SELECT id::text FROM notifications WHERE user_id = 'tom')`,
    );
    expect(Number(rows[0].n)).toBe(5);
    expect(grouped.filter((n) => n.type === "task.commented")).toHaveLength(5);
  } finally {
    await limited.stop();
  }
});
