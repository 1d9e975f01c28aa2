// This instance's Redis connections: one for commands and publishing, one for (sharded)
// subscriptions, which Redis dedicates to subscribing.
import { Redis } from "ioredis";
import { log } from "../log.ts";

export type RedisClients = { pub: Redis; sub: Redis; close: () => Promise<void> };

export async function connectRedis(url: string): Promise<RedisClients> {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  for (const [name, client] of [["pub", pub], ["sub", sub]] as const) {
    client.on("error", (err) => log.warn({ client: name, err }, "redis error"));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    pub,
    sub,
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
