// Cross-instance fan-out. With Redis: Socket.IO's sharded Redis adapter (Redis 7
// SPUBLISH/SSUBSCRIBE, one shard channel per room in "dynamic" mode), so an emit to one
// user's room reaches only the instances holding that user's sockets; its channels carry
// this deployment's namespace, and local sockets never wait for Redis (local-first). On a
// Redis Cluster each shard channel lives on the master that owns its slot, so rooms spread
// over the masters. Without Redis: the in-memory adapter, one instance.
import { createShardedAdapter } from "@socket.io/redis-adapter";
import calculateSlot from "cluster-key-slot";
import type { Cluster } from "ioredis";
import type { Server } from "socket.io";
import type { RedisClients } from "../redis/connect-redis.ts";
import type { RedisNames } from "../redis/namespace.ts";
import { localFirst, type FanoutReport } from "./local-first-adapter.ts";

export type AdapterHandle = {
  /**
   * Resolves once this instance's shard subscription for a room it just joined is active,
   * so an emit from another instance cannot slip past the join.
   */
  subscribed: (room: string) => Promise<void>;
  /** Resolves once the subscriptions Redis restores after an interruption are active. */
  subscriptionsActive: () => Promise<unknown>;
};

export type RedisDeps = { clients: RedisClients; names: RedisNames };

export function attachAdapter(io: Server, redis: RedisDeps | undefined, report: FanoutReport): AdapterHandle {
  if (!redis) return { subscribed: async () => {}, subscriptionsActive: async () => {} };
  const { pub, sub, cluster } = redis.clients;
  const { channelPrefix } = redis.names;
  const sharded = createShardedAdapter(pub, sub, { channelPrefix, subscriptionMode: "dynamic" });
  io.adapter(localFirst(sharded as Parameters<typeof localFirst>[0], report));
  // The adapter's channel for a room in the "/" namespace (its dynamicChannel()).
  const shardChannel = (room: string) => `${channelPrefix}#/#${room}#`;
  return {
    // The adapter sends SSUBSCRIBE on a join without waiting for the answer. Subscribing
    // again to the same channel is a no-op for Redis, and its answer comes once the
    // channel is active on the connection that receives it: on one Redis the subscriber
    // connection, on a Cluster the subscriber of the master owning the channel's slot,
    // which is where ioredis sent the adapter's SSUBSCRIBE too (a PING would go elsewhere).
    // The room check and the send happen in one tick, so if the room is deleted later the
    // adapter's SUNSUBSCRIBE follows ours on that same connection and nothing lingers.
    subscribed: async (room) => {
      if (!io.of("/").adapter.rooms.has(room)) return;
      await sub.ssubscribe(shardChannel(room));
    },
    // One Redis: ioredis queued the resubscriptions before this PING. A Cluster spreads them
    // over one subscriber connection per master: one SSUBSCRIBE per master, to a channel of
    // ours that lives there, answers once that connection has processed every earlier
    // one. (ioredis remembers each SSUBSCRIBE sent, repeats included, so not one per room.)
    subscriptionsActive: () => {
      if (!cluster) return sub.ping();
      const { rooms, sids } = io.of("/").adapter;
      const channels = [`${channelPrefix}#/#`, ...[...rooms.keys()].filter((room) => !sids.has(room)).map(shardChannel)];
      const slots = (sub as Cluster).slots;
      const onePerMaster = new Map(channels.map((channel) => [slots[calculateSlot(channel)]?.[0], channel]));
      return Promise.all([...onePerMaster.values()].map((channel) => sub.ssubscribe(channel)));
    },
  };
}
