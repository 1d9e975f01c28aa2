// This instance's Redis connections: one for commands and publishing, one for (sharded)
// subscriptions, which Redis dedicates to subscribing. Either one Redis server or a Redis
// Cluster; the rest of the code sees the same commands on both. The command connection
// pipelines on its own: what one turn of the event loop sends (a group commit's events,
// rate-limit checks) leaves in one write.
import { Cluster, Redis } from "ioredis";
import type { Config } from "../config/index.ts";
import { log } from "../log.ts";

export type RedisClient = Redis | Cluster;

const SLOTS_REFRESH_MS = 1000;
export type RedisClients = { pub: RedisClient; sub: RedisClient; cluster: boolean; close: () => Promise<void> };

/** Connects to the configured Redis or Redis Cluster; undefined when neither is set (one instance). */
export async function connectRedis(config: Pick<Config, "redisUrl" | "redisCluster">): Promise<RedisClients | undefined> {
  if (config.redisUrl) {
    const pub = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
    return open(pub, pub.duplicate({ enableAutoPipelining: false }), false);
  }
  if (!config.redisCluster) return undefined;
  const { nodes, tls, username, password } = config.redisCluster;
  const options = {
    lazyConnect: true,
    // Re-read the slot map every second: a master that froze and was replaced by its
    // replica closes no connection, so without this the subscriber would stay on it, deaf
    // to the new master, and publishes would queue behind it, until it woke up.
    slotsRefreshInterval: SLOTS_REFRESH_MS,
    redisOptions: { username, password, tls: tls ? {} : undefined, maxRetriesPerRequest: 3 },
  };
  // SSUBSCRIBE must reach the master that owns the channel's slot: shardedSubscribers gives
  // the subscribing client one subscriber connection per master and routes each channel
  // to its owner (and moves it when slots move). Publishing needs no such thing: SPUBLISH
  // is routed by slot like any keyed command.
  return open(new Cluster(nodes, { ...options, enableAutoPipelining: true }), new Cluster(nodes, { ...options, shardedSubscribers: true }), true);
}

async function open(pub: RedisClient, sub: RedisClient, cluster: boolean): Promise<RedisClients> {
  let connected = false;
  let refused: Error | undefined;
  for (const [name, client] of [["pub", pub], ["sub", sub]] as const) {
    client.on("error", (err: Error) => {
      if (connected) log.warn({ client: name, err }, "redis error");
      else refused ??= err;
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.disconnect();
    sub.disconnect();
    // connect() rejects with "Connection is closed."; the reason (ECONNREFUSED...) came as an error event.
    throw refused ?? error;
  }
  connected = true;
  return {
    pub,
    sub,
    cluster,
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
