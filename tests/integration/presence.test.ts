// Presence across instances: a person connected to B is online for every instance; when
// B dies without a word (kill -9) its entries expire and nobody stays online for ever.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { redisPresence } from "../../server/presence/redis-presence.ts";
import { PRESENCE_REFRESH_MS, PRESENCE_TTL_MS } from "../../server/presence/presence-store.ts";
import { redisNames } from "../../server/redis/namespace.ts";
import { apiClient, connectSocket, createUsers, eventually, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let redis: Redis;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  redis = new Redis(inject("redisUrl"));
  await createUsers("pia", "quin");
});

afterAll(async () => {
  redis?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("sees a socket on another instance, and forgets it within the TTL after that instance dies", async () => {
  const namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
  // An observer with the deployment's namespace, as any instance reads presence.
  const observer = redisPresence(redis, redisNames(namespace), "observer");
  try {
    const token = (await api.request("POST", "/api/v1/users/pia/token")).body.token;
    const socket = await connectSocket(b.url, { token });
    expect(await observer.onlineAmong(["pia", "quin"])).toEqual(new Set(["pia"]));

    const started = Date.now();
    b.child.kill("SIGKILL");
    await eventually(async () => (await observer.onlineAmong(["pia"])).size === 0, PRESENCE_TTL_MS + 15_000);
    // Not before the entries could expire: nobody said goodbye, the TTL did it.
    expect(Date.now() - started).toBeGreaterThan(1000);
    socket.close();
  } finally {
    await observer.close();
  }
}, 60_000);

it("forgets a socket at once when it closes normally", async () => {
  const namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
  const observer = redisPresence(redis, redisNames(namespace), "observer-2");
  try {
    const token = (await api.request("POST", "/api/v1/users/quin/token")).body.token;
    const socket = await connectSocket(a.url, { token });
    expect(await observer.onlineAmong(["quin"])).toEqual(new Set(["quin"]));
    socket.close();
    await eventually(async () => (await observer.onlineAmong(["quin"])).size === 0, 5000);
  } finally {
    await observer.close();
  }
});

it("puts a live socket back when Redis lost its entry (a restart without persistence)", async () => {
  const namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
  const observer = redisPresence(redis, redisNames(namespace), "observer-3");
  try {
    await createUsers("rhea");
    const token = (await api.request("POST", "/api/v1/users/rhea/token")).body.token;
    const socket = await connectSocket(a.url, { token });
    expect(await observer.onlineAmong(["rhea"])).toEqual(new Set(["rhea"]));
    await redis.del(redisNames(namespace).key("presence", "rhea"));
    expect(await observer.onlineAmong(["rhea"])).toEqual(new Set());
    // The instance's next refresh adds the entry again, while the socket stays connected.
    await eventually(async () => (await observer.onlineAmong(["rhea"])).size === 1, PRESENCE_REFRESH_MS * 2 + 5000);
    expect(socket.connected).toBe(true);
    socket.close();
  } finally {
    await observer.close();
  }
}, 60_000);

it("notices a connection that went silent (no close, no answers) within 30 s and forgets it", async () => {
  const namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
  const observer = redisPresence(redis, redisNames(namespace), "observer-4");
  const proxy = await startTcpProxy(a.url);
  try {
    await createUsers("sven");
    const token = (await api.request("POST", "/api/v1/users/sven/token")).body.token;
    const socket = await connectSocket(proxy.url, { token });
    expect(await observer.onlineAmong(["sven"])).toEqual(new Set(["sven"]));
    const started = Date.now();
    proxy.stall();
    // Only the server's heartbeat (10 s ping, 10 s timeout) can tell: nothing was closed.
    await eventually(async () => (await observer.onlineAmong(["sven"])).size === 0, 30_000);
    expect(Date.now() - started).toBeGreaterThan(5000);
    socket.close();
  } finally {
    await observer.close();
    await proxy.close();
  }
}, 60_000);
