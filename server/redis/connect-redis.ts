// This instance's Redis connections: one for commands and publishing, one for (sharded)
// subscriptions, which Redis dedicates to subscribing.
import { Redis } from "ioredis";
import { log } from "../log.ts";

export type RedisClients = { pub: Redis; sub: Redis; close: () => Promise<void> };

export async function connectRedis(url: string): Promise<RedisClients> {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  let connected = false;
  let refused: Error | undefined;
  for (const [name, client] of [["pub", pub], ["sub", sub]] as const) {
    client.on("error", (err) => (connected ? log.warn({ client: name, err }, "redis error") : (refused ??= err)));
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
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
