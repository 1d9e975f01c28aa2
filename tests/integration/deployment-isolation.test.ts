// Two deployments with their own databases on one Redis stay apart: a user id that exists
// in both gets only its own deployment's notifications, and nothing Herald puts on Redis
// carries a credential, even to a client that joins the channels and asks every instance
// for its sockets (the adapter's FETCH_SOCKETS).
import { randomBytes } from "node:crypto";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createApiKey } from "../../server/auth/api-keys.ts";
import { collect, connectSocket, eventually, waitFor, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { sessionCookie } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest } from "../support/user-api.ts";

let databases: TestDatabase[] = [];
let a: HeraldProcess;
let b: HeraldProcess;
// Blue and green: two more deployments with their own databases, one HERALD_NAMESPACE.
let blue: HeraldProcess;
let green: HeraldProcess;
const SHARED_NAMESPACE = `blue-green-${randomBytes(4).toString("hex")}`;
const keys: Record<"a" | "b" | "blue" | "green", string> = { a: "", b: "", blue: "", green: "" };

beforeAll(async () => {
  // db() follows the newest test database: blue's, green's, B's, then A's (used below for a session).
  const dbBlue = await createTestDatabase();
  keys.blue = (await createApiKey("blue")).secret;
  const dbGreen = await createTestDatabase();
  keys.green = (await createApiKey("green")).secret;
  const dbB = await createTestDatabase();
  keys.b = (await createApiKey("b")).secret;
  const dbA = await createTestDatabase();
  keys.a = (await createApiKey("a")).secret;
  databases = [dbA, dbB, dbBlue, dbGreen];
  const redis = inject("redisUrl");
  [a, b, blue, green] = await Promise.all([
    startHerald({ DATABASE_URL: dbA.url, REDIS_URL: redis }),
    startHerald({ DATABASE_URL: dbB.url, REDIS_URL: redis }),
    startHerald({ DATABASE_URL: dbBlue.url, REDIS_URL: redis, HERALD_NAMESPACE: SHARED_NAMESPACE }),
    startHerald({ DATABASE_URL: dbGreen.url, REDIS_URL: redis, HERALD_NAMESPACE: SHARED_NAMESPACE }),
  ]);
  for (const [server, key] of [[a, keys.a], [b, keys.b], [blue, keys.blue], [green, keys.green]] as const) {
    const res = await rawRequest(server.url, "PUT", "/api/v1/users/alice", { authorization: `Bearer ${key}`, body: { name: "Alice" } });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), blue?.stop(), green?.stop()]);
  for (const database of databases) await database.drop();
});

const namespaceOf = (server: HeraldProcess) => String(server.logs().find((l) => l.msg === "herald listening")?.namespace);

async function tokenFor(server: HeraldProcess, key: string): Promise<string> {
  const res = await rawRequest(server.url, "POST", "/api/v1/users/alice/token", { authorization: `Bearer ${key}` });
  expect(res.status).toBe(201);
  return res.body.token;
}

async function publish(server: HeraldProcess, key: string, title: string): Promise<string> {
  const res = await rawRequest(server.url, "POST", "/api/v1/notifications", {
    authorization: `Bearer ${key}`,
    body: { recipients: ["alice"], type: "test.isolation", title },
  });
  expect(res.status).toBe(202);
  return res.body.notifications[0].id;
}

it("gives each deployment its own namespace, created in its database, without configuration", () => {
  expect(namespaceOf(a)).toMatch(/^[0-9a-f]{16}$/);
  expect(namespaceOf(b)).toMatch(/^[0-9a-f]{16}$/);
  expect(namespaceOf(a)).not.toBe(namespaceOf(b));
});

it("delivers each deployment's notifications to its own users only", async () => {
  const onA = await connectSocket(a.url, { token: await tokenFor(a, keys.a) });
  const onB = await connectSocket(b.url, { token: await tokenFor(b, keys.b) });
  const gotA = collect(onA, "notification:new");
  const gotB = collect(onB, "notification:new");
  try {
    const fromA = await publish(a, keys.a, "from deployment A");
    const fromB = await publish(b, keys.b, "from deployment B");
    await waitFor(() => gotA.length >= 1 && gotB.length >= 1);
    // A second round trip on each side: anything leaking from the first would be here by now.
    const againA = await publish(a, keys.a, "again from A");
    const againB = await publish(b, keys.b, "again from B");
    await waitFor(() => gotA.some((e) => e.notification.id === againA) && gotB.some((e) => e.notification.id === againB));
    expect(gotA.map((e) => e.notification.id)).toEqual([fromA, againA]);
    expect(gotB.map((e) => e.notification.id)).toEqual([fromB, againB]);

    const redis = new Redis(inject("redisUrl"));
    try {
      const channels = (await redis.call("PUBSUB", "SHARDCHANNELS", "*#/#user:alice#")) as string[];
      expect(channels).toEqual(expect.arrayContaining([`herald:${namespaceOf(a)}#/#user:alice#`, `herald:${namespaceOf(b)}#/#user:alice#`]));
    } finally {
      redis.disconnect();
    }
  } finally {
    onA.close();
    onB.close();
  }
});

it("shares live delivery between deployments given the same HERALD_NAMESPACE (blue/green), which replaces the installation id", async () => {
  expect(namespaceOf(blue)).toBe(SHARED_NAMESPACE);
  expect(namespaceOf(green)).toBe(SHARED_NAMESPACE);
  const onGreen = await connectSocket(green.url, { token: await tokenFor(green, keys.green) });
  const got = collect(onGreen, "notification:new");
  try {
    // Published on blue (its own database), it reaches Alice's socket on green through Redis.
    const fromBlue = await publish(blue, keys.blue, "from blue");
    await waitFor(() => got.some((e) => e.notification.id === fromBlue));
    const redis = new Redis(inject("redisUrl"));
    try {
      const channels = (await redis.call("PUBSUB", "SHARDCHANNELS", `herald:${SHARED_NAMESPACE}#*`)) as string[];
      expect(channels).toContain(`herald:${SHARED_NAMESPACE}#/#user:alice#`);
    } finally {
      redis.disconnect();
    }
  } finally {
    onGreen.close();
  }
});

it("puts no token or session cookie on Redis, even in answers to FETCH_SOCKETS", async () => {
  const token = await tokenFor(a, keys.a);
  const { cookie } = await sessionCookie("alice");
  const sessionJwt = cookie.split("=")[1];

  const monitor = await new Redis(inject("redisUrl")).monitor();
  const traffic: string[] = [];
  monitor.on("monitor", (_time: string, args: string[]) => traffic.push(args.join(" ")));
  // An intruder on the same Redis who even knows A's namespace.
  const pub = new Redis(inject("redisUrl"));
  const sub = pub.duplicate();
  const intruder = new Server();
  intruder.adapter(createShardedAdapter(pub, sub, { channelPrefix: `herald:${namespaceOf(a)}`, subscriptionMode: "dynamic" }));
  const sockets: TestSocket[] = [];
  try {
    sockets.push(await connectSocket(a.url, { token }), await connectSocket(a.url, { cookie }));
    const found = await eventually(async () => {
      const remote = await intruder.fetchSockets();
      return remote.length >= 2 && remote;
    });
    const seen = JSON.stringify(found.map((s) => ({ handshake: s.handshake, data: s.data })));
    expect(seen).toContain('"userId":"alice"'); // the answers did arrive
    expect(seen).not.toContain(token);
    expect(seen).not.toContain(sessionJwt);
    for (const remote of found) {
      expect(remote.handshake.auth).not.toHaveProperty("token");
      expect(remote.handshake.headers).not.toHaveProperty("cookie");
      expect(remote.handshake.headers).not.toHaveProperty("authorization");
    }
    await waitFor(() => traffic.some((line) => line.includes("herald:")));
    const all = traffic.join("\n");
    expect(all).toContain(`herald:${namespaceOf(a)}`);
    expect(all).not.toContain(token);
    expect(all).not.toContain(sessionJwt);
  } finally {
    for (const s of sockets) s.close();
    pub.disconnect();
    sub.disconnect();
    monitor.disconnect();
  }
});
