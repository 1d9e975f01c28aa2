// Two instances on a Redis Cluster whose masters have a replica each, and a user whose
// channel lives on the master that fails: a crash (kill -9) or a freeze long enough for
// its replica to take over. Neither closes the instances' Redis clients, so only the
// Cluster's own signals tell an instance that live events may have been missed. The
// user's client on B must show what A published meanwhile, with nothing published after.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { InboxClient } from "../../lib/inbox-client.ts";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, eventually, waitFor, type Api } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, type HeraldProcess } from "../support/herald-process.ts";
import { startRedisCluster, type TestRedisCluster } from "../support/redis-cluster.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { publish } from "../support/user-api.ts";

let cluster: TestRedisCluster;
let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let namespace: string;
const cleanup: (() => unknown)[] = [];

const channelOf = (userId: string) => `herald:${namespace}#/#user:${userId}#`;
const presenceKeyOf = (userId: string) => `herald:${namespace}:presence:${userId}`;

beforeAll(async () => {
  // A 1 s node timeout: a replica takes over about 2 s after its master stops answering.
  [cluster, database] = await Promise.all([startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 }), createTestDatabase()]);
  const env = { DATABASE_URL: database.url, REDIS_URL: "", REDIS_CLUSTER_NODES: cluster.nodesEnv };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
});

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await cluster?.stop();
});

/** A user whose channel is on a master other than their presence key's (the handshake stays unaffected). */
async function userOnOneMaster(prefix: string): Promise<{ id: string; master: number; slot: number }> {
  for (let n = 0; n < 100; n++) {
    const id = `${prefix}${n}`;
    const master = await cluster.masterPortFor(channelOf(id));
    if (master !== (await cluster.masterPortFor(presenceKeyOf(id)))) {
      await createUsers(id);
      return { id, master, slot: await cluster.keyslot(channelOf(id)) };
    }
  }
  throw new Error(`no user ${prefix}<n> fits`);
}

/** The user's inbox client on B: what it shows, and when the server told it to catch up. */
async function clientOnB(userId: string): Promise<{ shown: NotificationDto[]; resyncs: number[] }> {
  const shown: NotificationDto[] = [];
  const resyncs: number[] = [];
  let connected = false;
  const client = new InboxClient({
    url: b.url,
    since: { lastSeq: 0, version: 0 },
    getToken: async () => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token as string,
    socketOptions: { extraHeaders: { origin: TEST_ORIGIN } },
  });
  client.subscribe({ notification: (n) => void shown.push(n), connection: (up) => void (connected = up) });
  client.socket.on("inbox:resync", () => void resyncs.push(Date.now()));
  cleanup.push(() => client.close());
  await client.connect();
  await waitFor(() => connected);
  return { shown, resyncs };
}

/** Who the nodes other than `except` say serves a slot. */
async function ownerSeenByOthers(slot: number, except: number): Promise<number | undefined> {
  for (const port of cluster.ports.filter((p) => p !== except)) {
    const ranges = (await cluster.command(port, "CLUSTER", "SLOTS").catch(() => [])) as [number, number, [string, number]][];
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (range) return Number(range[2][1]);
  }
  return undefined;
}

it("shows on B what A published while the master holding the user's channel was dead, once its replica took over", async () => {
  const user = await userOnOneMaster("kai");
  const { shown } = await clientOnB(user.id);
  const before = (await publish(api, [user.id], { title: "before" }))[user.id];
  await waitFor(() => shown.some((n) => n.id === before));

  await cluster.killNode(user.master);
  cleanup.push(async () => {
    await cluster.restartNode(user.master);
    await cluster.waitUntilHealthy();
  });
  // Accepted at once (A's own sockets never wait for Redis); its fan-out to B fails or lands
  // on the replica before B subscribed there. Nothing is published after it.
  const during = (await publish(api, [user.id], { title: "while the master was dead" }))[user.id];
  await eventually(async () => (await ownerSeenByOthers(user.slot, user.master)) !== user.master, 15_000, 50);

  await waitFor(() => shown.some((n) => n.id === during), 15_000);
  expect(shown.map((n) => n.title)).toEqual(["before", "while the master was dead"]);
});

it("shows on B what A published while the master holding the user's channel was frozen and replaced, before it wakes up", async () => {
  const user = await userOnOneMaster("kit");
  const { shown } = await clientOnB(user.id);
  const before = (await publish(api, [user.id], { title: "before" }))[user.id];
  await waitFor(() => shown.some((n) => n.id === before));

  cluster.pauseNode(user.master);
  cleanup.push(async () => {
    cluster.resumeNode(user.master);
    await cluster.waitUntilHealthy();
  });
  // A's fan-out waits on the frozen master; B's subscription is on it too, and stays open.
  const during = (await publish(api, [user.id], { title: "while the master was frozen" }))[user.id];
  await eventually(async () => (await ownerSeenByOthers(user.slot, user.master)) !== user.master, 15_000, 50);

  // The frozen master is never resumed before this: B must not depend on it.
  await waitFor(() => shown.some((n) => n.id === during), 15_000);
  expect(shown.map((n) => n.title)).toEqual(["before", "while the master was frozen"]);
});

it("tells B's sockets to catch up once B listens on the replica that replaced a frozen master, with nothing published", async () => {
  const user = await userOnOneMaster("kip");
  const { resyncs } = await clientOnB(user.id);
  cluster.pauseNode(user.master);
  cleanup.push(async () => {
    cluster.resumeNode(user.master);
    await cluster.waitUntilHealthy();
  });
  const replica = await eventually(async () => {
    const owner = await ownerSeenByOthers(user.slot, user.master);
    return owner !== user.master && owner;
  }, 15_000, 50);

  // Whatever was published to the new master before B subscribed there reached nobody on B.
  await waitFor(() => resyncs.length > 0, 15_000);
  const [, subscribers] = (await cluster.command(replica, "PUBSUB", "SHARDNUMSUB", channelOf(user.id))) as [string, number];
  expect(subscribers).toBe(1);
});
