// The fault suite's Redis Cluster (tests/support/redis-cluster.ts): 3 masters, with or
// without a replica each. "The node that carries the traffic" is the master whose
// subscribers hold the most users' shard channels when the fault starts, so a kill or a
// freeze always cuts live fan-out for some users; the topology checks that those channels'
// slots are that master's. With replicas, a killed (or long frozen) master fails over to
// its replica, as in production, and the node comes back as a replica; without, its
// slots are down until it is back.
import { startRedisCluster, type TestRedisCluster } from "../redis-cluster.ts";
import type { RedisTopology } from "./redis.ts";
import { until } from "./processes.ts";

export type ClusterTopologyOptions = { replicasPerMaster: number; nodeTimeoutMs: number };

/** Every Herald deployment's user-room channels: herald:<ns>#/#user:<id>#. */
const USER_CHANNELS = "herald:*#/#user:*";

export function clusterTopology(options: ClusterTopologyOptions): (dir: string) => Promise<RedisTopology> {
  return async () => {
    const cluster = await startRedisCluster({ masters: 3, ...options });
    let killed: number | undefined;
    let paused: number | undefined;
    const masters = () => masterPorts(cluster);

    // The master holding the most users' channels; each must hash to a slot it owns.
    const busiestMaster = async (): Promise<{ port: number; note: string }> => {
      const counted = await Promise.all((await masters()).map(async (port) => ({ port, channels: (await cluster.command(port, "PUBSUB", "SHARDCHANNELS", USER_CHANNELS)) as string[] })));
      const [target] = counted.sort((x, y) => y.channels.length - x.channels.length);
      if (!target || target.channels.length === 0) throw new Error("no master of the cluster carries any user's channel");
      for (const channel of target.channels) {
        const owner = await cluster.masterPortFor(channel);
        if (owner !== target.port) throw new Error(`${channel} (slot ${await cluster.keyslot(channel)}) is subscribed on :${target.port} but owned by :${owner}`);
      }
      const total = counted.reduce((sum, c) => sum + c.channels.length, 0);
      return { port: target.port, note: `master :${target.port}, holding ${target.channels.length} of ${total} user channels` };
    };
    const resume = async () => {
      const port = paused;
      if (port === undefined) return;
      cluster.resumeNode(port);
      paused = undefined;
      await cluster.waitUntilHealthy();
      return (await masters()).includes(port) ? "it stayed master" : "a replica had taken over; it rejoined as a replica";
    };
    const restart = async () => {
      const port = killed;
      if (port === undefined) return;
      // A replica takes over first (it may not have yet): the dead node then rejoins as its replica.
      const started = Date.now();
      if (options.replicasPerMaster > 0) await until(`a replica taking over from :${port}`, async () => !(await masters()).includes(port), 30_000, 100);
      const waited = ((Date.now() - started) / 1000).toFixed(1);
      await cluster.restartNode(port);
      killed = undefined;
      await cluster.waitUntilHealthy();
      return options.replicasPerMaster > 0 ? `a replica had taken over (restart waited ${waited} s for it); restarted as a replica` : "restarted, empty, still master of its slots";
    };

    return {
      name: options.replicasPerMaster > 0 ? "cluster" : "cluster without replicas",
      // REDIS_URL may be set for the test run itself; Herald refuses both.
      env: { REDIS_URL: "", REDIS_CLUSTER_NODES: cluster.nodesEnv },
      ensureRunning: async () => {
        await resume();
        await restart();
        await cluster.waitUntilHealthy();
      },
      killNode: async () => {
        const target = await busiestMaster();
        killed = target.port;
        await cluster.killNode(target.port);
        return target.note;
      },
      restartNode: restart,
      pauseNode: async () => {
        const target = await busiestMaster();
        paused = target.port;
        cluster.pauseNode(target.port);
        return target.note;
      },
      resumeNode: resume,
      stop: () => cluster.stop(),
    };
  };
}

/** The masters serving slots now, as the first node that answers sees them (none is frozen when this runs). */
async function masterPorts(cluster: TestRedisCluster): Promise<number[]> {
  for (const port of cluster.ports) {
    const ranges = await cluster.command(port, "CLUSTER", "SLOTS").catch(() => undefined);
    if (Array.isArray(ranges)) return [...new Set((ranges as [number, number, [string, number]][]).map((r) => Number(r[2][1])))];
  }
  throw new Error("no node of the Redis Cluster answers");
}
