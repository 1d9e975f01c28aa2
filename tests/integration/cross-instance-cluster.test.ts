// Two instances on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES): the same checks as
// on one Redis (delivery, gapless reconnect across instances, the socket cap), with user
// rooms whose shard channels live on different masters, plus what only a cluster can get
// wrong: where subscriptions go, the join barrier, and presence refreshes across slots.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { apiClient, collect, connectSocket, createUsers, eventually, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { expectDeliveryAcrossInstances, expectSocketCapAcrossInstances } from "../support/cross-instance-checks.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { publishDuringReconnect, type ReconnectKit } from "../support/reconnecting-client.ts";
import { startRedisCluster, type TestRedisCluster } from "../support/redis-cluster.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let cluster: TestRedisCluster;
let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let namespace: string;
const cleanup: (() => unknown)[] = [];

type Placement = { id: string; channelMaster: number; presenceMaster: number };
const channelOf = (userId: string) => `herald:${namespace}#/#user:${userId}#`;
const presenceKeyOf = (userId: string) => `herald:${namespace}:presence:${userId}`;

/** The first user id `<prefix><n>` whose channel and presence key sit where `accept` wants them. */
async function pickUser(prefix: string, accept: (p: Placement) => boolean = () => true): Promise<Placement> {
  for (let n = 0; n < 500; n++) {
    const id = `${prefix}${n}`;
    const placement = { id, channelMaster: await cluster.masterPortFor(channelOf(id)), presenceMaster: await cluster.masterPortFor(presenceKeyOf(id)) };
    if (accept(placement)) {
      await createUsers(id);
      return placement;
    }
  }
  throw new Error(`no user id ${prefix}<n> fits`);
}

const shardChannels = async (port: number) => (await cluster.command(port, "PUBSUB", "SHARDCHANNELS", `herald:${namespace}#/#user:*`)) as string[];

beforeAll(async () => {
  // A long node timeout: one test freezes a master briefly, which must not fail it over.
  [cluster, database] = await Promise.all([startRedisCluster({ masters: 3, nodeTimeoutMs: 15_000 }), createTestDatabase()]);
  const env = { DATABASE_URL: database.url, REDIS_URL: "", REDIS_CLUSTER_NODES: cluster.nodesEnv, MAX_SOCKETS_PER_USER: "3", CATCH_UP_LIMIT: "500" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  namespace = String(a.logs().find((l) => l.msg === "herald listening")?.namespace);
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await cluster?.stop();
});

it("delivers across instances to users whose rooms live on different masters, each channel on its own master", async () => {
  for (const server of [a, b]) expect(server.logs().find((l) => l.msg === "herald listening")?.redis).toBe("cluster");
  const first = await pickUser("ann");
  const second = await pickUser("ben", (p) => p.channelMaster !== first.channelMaster);
  expect(new Set([first.channelMaster, second.channelMaster]).size).toBe(2);
  expect(await cluster.keyslot(channelOf(first.id))).not.toBe(await cluster.keyslot(channelOf(second.id)));

  const sockets = await expectDeliveryAcrossInstances(a, b, [first.id, second.id]);
  cleanup.push(() => Object.values(sockets).flat().forEach((s) => s.close()));

  // Each subscription is on the master that owns the channel's slot, and only there.
  for (const user of [first, second]) {
    for (const port of cluster.ports) expect((await shardChannels(port)).includes(channelOf(user.id))).toBe(port === user.channelMaster);
  }
  // Once a user's last socket closes, no instance stays subscribed to any channel of that user's.
  for (const s of sockets[second.id]) s.close();
  const channelsOfSecond = async (port: number) => (await cluster.command(port, "PUBSUB", "SHARDCHANNELS", `*user:${second.id}#*`)) as string[];
  await eventually(async () => (await Promise.all(cluster.ports.map(channelsOfSecond))).every((found) => found.length === 0));
  expect(await shardChannels(first.channelMaster)).toContain(channelOf(first.id));
});

it("computes the catch-up only once the room's shard subscription is active on the master that owns it", async () => {
  // The waiting user's presence key is elsewhere, so the handshake itself does not wait.
  const waiting = await pickUser("wes", (p) => p.presenceMaster !== p.channelMaster);
  const control = await pickUser("zoe", (p) => p.channelMaster !== waiting.channelMaster && p.presenceMaster !== waiting.channelMaster);
  const token = async (userId: string) => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token as string;
  const [waitingToken, controlToken] = [await token(waiting.id), await token(control.id)];
  const since = { lastSeq: 0, lastVersion: 0 };

  cluster.pauseNode(waiting.channelMaster);
  let resumed = false;
  const resume = async () => {
    if (resumed) return;
    resumed = true;
    cluster.resumeNode(waiting.channelMaster);
    await cluster.waitUntilHealthy();
  };
  cleanup.push(resume);
  const waitingSocket = await connectSocket(b.url, { auth: { token: waitingToken, ...since } });
  cleanup.push(() => waitingSocket.close());
  const waitingCatchUps = collect(waitingSocket, "inbox:catch-up");
  const published = await api.request("POST", "/api/v1/notifications", { recipients: [waiting.id], type: "t", title: "While frozen" });
  expect(published.status).toBe(202);

  // A socket that joined later, on a master that answers, has its catch-up: the first one
  // is still waiting for the frozen master to confirm its subscription.
  const controlSocket: TestSocket = await connectSocket(b.url, { auth: { token: controlToken, ...since } });
  cleanup.push(() => controlSocket.close());
  const controlCatchUps = collect(controlSocket, "inbox:catch-up");
  await waitFor(() => controlCatchUps[0]);
  expect(waitingCatchUps).toHaveLength(0);

  await resume();
  const catchUp = await waitFor(() => waitingCatchUps[0], 10_000);
  expect(catchUp.missed?.map((n) => n.id)).toEqual([published.body.notifications[0].id]);
});

it("loses nothing and repeats nothing when publishing on one instance and reconnecting to another", async () => {
  const kit: ReconnectKit = { api, cleanup };
  const user = await pickUser("vera");
  await publishDuringReconnect(kit, a, b, user.id);
});

it("caps sockets per user across instances", async () => {
  const capped = await pickUser("xena");
  const other = await pickUser("yuri", (p) => p.presenceMaster !== capped.presenceMaster);
  await expectSocketCapAcrossInstances(a, b, [capped.id, other.id]);
});

it("keeps presence alive for users whose keys live on different masters", async () => {
  const first = await pickUser("pia");
  const second = await pickUser("pat", (p) => p.presenceMaster !== first.presenceMaster);
  for (const user of [first, second]) {
    const socket = await connectSocket(b.url, { token: (await api.request("POST", `/api/v1/users/${user.id}/token`)).body.token });
    cleanup.push(() => socket.close());
  }
  const expiry = async (user: Placement) => {
    // ioredis 6 answers WITHSCORES as [member, score] pairs.
    const [, score] = ((await cluster.command(user.presenceMaster, "ZRANGE", presenceKeyOf(user.id), "0", "0", "WITHSCORES")) as string[][]).flat();
    return Number(score);
  };
  const initial = [await expiry(first), await expiry(second)];
  expect(initial.every((score) => score > Date.now())).toBe(true);
  // The instance refreshes its entries every 10 s (PRESENCE_REFRESH_MS); both users' must move.
  await eventually(async () => (await expiry(first)) > initial[0] && (await expiry(second)) > initial[1], 15_000);
});
