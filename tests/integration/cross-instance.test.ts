// Two instances on two ports sharing one Redis: publish on A, a client on B receives it.
// The same checks run on a Redis Cluster in cross-instance-cluster.test.ts.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { apiClient, connectSocket, createUsers, eventually, type TestSocket } from "../support/clients.ts";
import { expectDeliveryAcrossInstances } from "../support/cross-instance-checks.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let redis: Redis;
let sockets: Record<string, TestSocket[]> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  redis = new Redis(inject("redisUrl"));
  await createUsers("carol", "dan", "erin", "finn");
});

afterAll(async () => {
  for (const s of Object.values(sockets).flat()) s.close();
  redis?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("delivers a notification published on A to a client connected to B, and only to its recipient", async () => {
  expect(a.logs().find((l) => l.msg === "herald listening")?.redis).toBe("server");
  sockets = await expectDeliveryAcrossInstances(a, b, ["carol", "dan"]);
});

it("uses one sharded channel per user room, so an emit reaches only instances holding that user", async () => {
  // Users and sockets of its own, so it holds in any order.
  const api = await apiClient(a.url);
  const own: TestSocket[] = [];
  for (const [server, userId] of [[a, "erin"], [b, "finn"]] as const) {
    const { body } = await api.request("POST", `/api/v1/users/${userId}/token`);
    own.push(await connectSocket(server.url, { token: body.token }));
  }
  try {
    // Both instances share a database, hence one installation namespace.
    const namespace = a.logs().find((l) => l.msg === "herald listening")?.namespace;
    expect(namespace).toMatch(/^[0-9a-f]{16}$/);
    expect(b.logs().find((l) => l.msg === "herald listening")?.namespace).toBe(namespace);
    const userChannels = async () => (await redis.call("PUBSUB", "SHARDCHANNELS", `herald:${namespace}#/#user:*`)) as string[];
    const wanted = [`herald:${namespace}#/#user:erin#`, `herald:${namespace}#/#user:finn#`];
    await eventually(async () => (await userChannels()).filter((c) => wanted.includes(c)).length === 2);

    // Once a user's last socket closes, no instance stays subscribed to any channel of that user's.
    own[1].close();
    await eventually(async () => ((await redis.call("PUBSUB", "SHARDCHANNELS", "*user:finn#*")) as string[]).length === 0);
    expect(await userChannels()).toContain(`herald:${namespace}#/#user:erin#`);
  } finally {
    for (const s of own) s.close();
  }
});
