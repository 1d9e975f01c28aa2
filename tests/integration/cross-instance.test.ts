// Two instances on two ports sharing one Redis: publish on A, a client on B receives it.
// The same checks run on a Redis Cluster in cross-instance-cluster.test.ts.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { createUsers, eventually, type TestSocket } from "../support/clients.ts";
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
  await createUsers("carol", "dan");
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
  // Both instances share a database, hence one installation namespace.
  const namespace = a.logs().find((l) => l.msg === "herald listening")?.namespace;
  expect(namespace).toMatch(/^[0-9a-f]{16}$/);
  expect(b.logs().find((l) => l.msg === "herald listening")?.namespace).toBe(namespace);
  const userChannels = async () => (await redis.call("PUBSUB", "SHARDCHANNELS", `herald:${namespace}#/#user:*`)) as string[];
  expect(await userChannels()).toEqual(expect.arrayContaining([`herald:${namespace}#/#user:carol#`, `herald:${namespace}#/#user:dan#`]));

  // Once a user's last socket closes, no instance stays subscribed to any channel of that user's.
  for (const s of sockets.dan) s.close();
  await eventually(async () => ((await redis.call("PUBSUB", "SHARDCHANNELS", "*user:dan#*")) as string[]).length === 0);
  expect(await userChannels()).toContain(`herald:${namespace}#/#user:carol#`);
});
