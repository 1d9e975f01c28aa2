// Cross-instance fan-out. With Redis: Socket.IO's sharded Redis adapter (Redis 7
// SPUBLISH/SSUBSCRIBE, one shard channel per room in "dynamic" mode), so an emit to one
// user's room reaches only the instances holding that user's sockets; its channels carry
// this deployment's namespace, and local sockets never wait for Redis (local-first).
// Without Redis: the in-memory adapter, one instance.
import { createShardedAdapter } from "@socket.io/redis-adapter";
import type { Server } from "socket.io";
import type { RedisClients } from "../redis/connect-redis.ts";
import type { RedisNames } from "../redis/namespace.ts";
import { localFirst, type FanoutReport } from "./local-first-adapter.ts";

export type AdapterHandle = {
  /**
   * Resolves once Redis has processed every subscription requested so far. Joining a new
   * room sends SSUBSCRIBE without waiting for it; a PING on the same connection is
   * answered only after it, so an emit from another instance cannot slip past a join.
   */
  subscribed: () => Promise<void>;
};

export type RedisDeps = { clients: RedisClients; names: RedisNames };

export function attachAdapter(io: Server, redis: RedisDeps | undefined, report: FanoutReport): AdapterHandle {
  if (!redis) return { subscribed: async () => {} };
  const { pub, sub } = redis.clients;
  const sharded = createShardedAdapter(pub, sub, { channelPrefix: redis.names.channelPrefix, subscriptionMode: "dynamic" });
  io.adapter(localFirst(sharded as Parameters<typeof localFirst>[0], report));
  return {
    subscribed: async () => {
      await sub.ping();
    },
  };
}
