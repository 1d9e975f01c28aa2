// Two instances on two ports sharing one Redis: publish on A, a client on B receives it.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { apiClient, collect, connectSocket, createUsers, eventually, publishMarker, waitFor, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  await createUsers("carol", "dan");
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("delivers a notification published on A to a client connected to B", async () => {
  const apiA = await apiClient(a.url);
  const apiB = await apiClient(b.url);
  const { body } = await apiB.request("POST", "/api/v1/users/carol/token");
  const carolOnB = await connectSocket(b.url, { token: body.token });
  const danToken = (await apiB.request("POST", "/api/v1/users/dan/token")).body.token;
  const danOnB = await connectSocket(b.url, { token: danToken });
  const danOnA = await connectSocket(a.url, { token: danToken });
  sockets.push(carolOnB, danOnB, danOnA);
  const carolGot = collect(carolOnB, "notification:new");
  const danGotB = collect(danOnB, "notification:new");
  const danGotA = collect(danOnA, "notification:new");

  const res = await apiA.request("POST", "/api/v1/notifications", { recipients: ["carol"], type: "task.assigned", title: "Task #7 is yours" });
  expect(res.status).toBe(202);
  const event = await waitFor(() => carolGot[0]);
  expect(event.notification.id).toBe(res.body.notifications[0].id);
  expect(event.unreadCount).toBe(1);

  const toDan = await apiB.request("POST", "/api/v1/notifications", { recipients: ["dan"], type: "t", title: "Both instances" });
  for (const got of [danGotA, danGotB]) expect((await waitFor(() => got[0])).notification.id).toBe(toDan.body.notifications[0].id);

  // Markers sent the same way as each one above: a duplicate would have arrived before them.
  const markers = { ...(await publishMarker(apiA, "carol")), ...(await publishMarker(apiB, "dan")) };
  await waitFor(() => carolGot.some((e) => e.notification.id === markers.carol) && danGotA.some((e) => e.notification.id === markers.dan));
  expect(carolGot).toHaveLength(2);
  expect(danGotA).toHaveLength(2);
});

it("uses one sharded channel per user room, so an emit reaches only instances holding that user", async () => {
  // Sockets of its own in both rooms, so it holds whichever test runs first.
  const api = await apiClient(a.url);
  for (const [server, userId] of [[a, "carol"], [b, "dan"]] as const) {
    const { body } = await api.request("POST", `/api/v1/users/${userId}/token`);
    sockets.push(await connectSocket(server.url, { token: body.token }));
  }
  const redis = new Redis(inject("redisUrl"));
  try {
    // Both instances share a database, hence one installation namespace.
    const namespace = a.logs().find((l) => l.msg === "herald listening")?.namespace;
    expect(namespace).toMatch(/^[0-9a-f]{16}$/);
    expect(b.logs().find((l) => l.msg === "herald listening")?.namespace).toBe(namespace);
    const wanted = [`herald:${namespace}#/#user:carol#`, `herald:${namespace}#/#user:dan#`];
    const channels = await eventually(async () => {
      const found = (await redis.call("PUBSUB", "SHARDCHANNELS", `herald:${namespace}#/#user:*`)) as string[];
      return wanted.every((c) => found.includes(c)) && found;
    });
    expect(channels).toEqual(expect.arrayContaining(wanted));
  } finally {
    redis.disconnect();
  }
});
