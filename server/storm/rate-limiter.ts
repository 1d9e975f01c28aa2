// The per-person rate limit: how many notifications reached each person individually in
// their current minute. A window opens with a person's first notification and lasts a
// minute; past the limit, the rest of that minute goes into their digest item (nothing is
// dropped). With Redis the count is shared by every instance (one key per person in the
// deployment's namespace); without Redis, or while Redis cannot answer, each instance
// counts on its own, says so in the log, and never holds up a publish.
import { log } from "../log.ts";
import { recordRateLimitLocal } from "../observability/record.ts";
import type { RedisClient } from "../redis/connect-redis.ts";
import type { RedisNames } from "../redis/namespace.ts";
import type { UserId } from "../../lib/events.ts";

export const RATE_WINDOW_MS = 60_000;
/** A publish waits at most this long for Redis before counting locally. */
const REDIS_TIMEOUT_MS = 100;

export interface RateLimiter {
  /** Counts one notification for each person; returns those now over `limit` this minute. */
  take(userIds: UserId[], limit: number): Promise<Set<UserId>>;
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<UserId, { endsAt: number; count: number }>();
  return {
    async take(userIds, limit) {
      const t = now();
      if (windows.size > 50_000) for (const [u, w] of windows) if (w.endsAt <= t) windows.delete(u);
      const over = new Set<UserId>();
      for (const u of userIds) {
        let w = windows.get(u);
        if (!w || w.endsAt <= t) windows.set(u, (w = { endsAt: t + RATE_WINDOW_MS, count: 0 }));
        if (++w.count > limit) over.add(u);
      }
      return over;
    },
  };
}

// One atomic step per person: count, and start the window's clock on the first.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

type LimiterRedis = RedisClient & { rateTake(key: string, windowMs: number): Promise<number> };

export function redisRateLimiter(redis: RedisClient, names: RedisNames, fallback = memoryRateLimiter()): RateLimiter {
  const client = redis as LimiterRedis;
  if (!("rateTake" in redis)) redis.defineCommand("rateTake", { numberOfKeys: 1, lua: TAKE });
  let degraded = false;
  const degrade = (err: unknown) => {
    recordRateLimitLocal();
    if (!degraded) log.warn({ err }, "rate limit: Redis unreachable, counting per instance until it answers again");
    degraded = true;
  };
  return {
    async take(userIds, limit) {
      if (client.status !== "ready") {
        degrade(new Error(`redis ${client.status}`));
        return fallback.take(userIds, limit);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // One command per person (each its own key, so it works on a Cluster), sent together.
        const counts = await Promise.race([
          Promise.all(userIds.map((u) => client.rateTake(names.key("rate", u), RATE_WINDOW_MS))),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("redis timed out")), REDIS_TIMEOUT_MS))),
        ]);
        if (degraded) log.info("rate limit: Redis answers again, counting across instances");
        degraded = false;
        return new Set(userIds.filter((_, i) => counts[i] > limit));
      } catch (err) {
        degrade(err);
        return fallback.take(userIds, limit);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const store = globalThis as unknown as { __heraldRateLimiter?: RateLimiter };

/** Set by the server at start; scripts and domain tests count in memory. */
export function setRateLimiter(limiter: RateLimiter | undefined): void {
  store.__heraldRateLimiter = limiter;
}

export function rateLimiter(): RateLimiter {
  return (store.__heraldRateLimiter ??= memoryRateLimiter());
}
