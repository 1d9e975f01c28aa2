// Cross-instance fan-out. With REDIS_URL: Socket.IO's sharded Redis adapter (Redis 7
// SPUBLISH/SSUBSCRIBE, one shard channel per room in "dynamic" mode), so an emit to
// one user's room reaches only the instances holding that user's sockets. Without it:
// the in-memory adapter, one instance.
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Server } from "socket.io";
import { log } from "../log.ts";

export type AdapterHandle = {
  /**
   * Resolves once Redis has processed every subscription requested so far. Joining a new
   * room sends SSUBSCRIBE without waiting for it; a PING on the same connection is
   * answered only after it, so an emit from another instance cannot slip past a join.
   */
  subscribed: () => Promise<void>;
  close: () => Promise<void>;
};

export async function attachAdapter(io: Server, redisUrl: string | undefined): Promise<AdapterHandle> {
  if (!redisUrl) return { subscribed: async () => {}, close: async () => {} };
  const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  for (const [name, client] of [["pub", pub], ["sub", sub]] as const) {
    client.on("error", (error) => log.warn("redis error", { client: name, error: error.message }));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createShardedAdapter(pub, sub, { subscriptionMode: "dynamic" }));
  return {
    subscribed: async () => {
      await sub.ping();
    },
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
