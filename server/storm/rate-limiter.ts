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
  /**
   * Uncounts one notification for each person, in their current minute: a publish that
   * failed after it was counted. Never throws, never waits on Redis longer than a take.
   */
  giveBack(userIds: UserId[]): Promise<void>;
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
    async giveBack(userIds) {
      const t = now();
      for (const u of userIds) {
        const w = windows.get(u);
        if (w && w.endsAt > t && w.count > 0) w.count--;
      }
    },
  };
}

// One atomic step per person: count, and start the window's clock on the first.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// A count given back stays in its minute (DECR keeps the expiry); a minute that ended is left alone.
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0`;

type LimiterRedis = RedisClient & { rateTake(key: string, windowMs: number): Promise<number>; rateGiveBack(key: string): Promise<number> };

export function redisRateLimiter(redis: RedisClient, names: RedisNames, fallback = memoryRateLimiter()): RateLimiter {
  const client = redis as LimiterRedis;
  if (!("rateTake" in redis)) redis.defineCommand("rateTake", { numberOfKeys: 1, lua: TAKE });
  if (!("rateGiveBack" in redis)) redis.defineCommand("rateGiveBack", { numberOfKeys: 1, lua: GIVE_BACK });
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
    async giveBack(userIds) {
      if (userIds.length === 0) return;
      if (client.status !== "ready") return fallback.giveBack(userIds);
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          Promise.all(userIds.map((u) => client.rateGiveBack(names.key("rate", u)))),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("redis timed out")), REDIS_TIMEOUT_MS))),
        ]);
      } catch {
        // Redis did not answer: its count keeps one too many until the minute ends; a
        // per-instance count running meanwhile gives it back there.
        await fallback.giveBack(userIds);
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
