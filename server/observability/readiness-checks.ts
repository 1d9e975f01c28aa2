// The checks behind /readyz: PostgreSQL answers, every migration this code expects is
// applied, Redis (when configured) is connected and answers, pg-boss is running and can
// read its queues. Each returns a short fixed reason; the aggregator bounds their time.
import pg from "pg";
import type { RunningJobs } from "../jobs/queue.ts";
import type { RedisClients } from "../redis/connect-redis.ts";
import type { Check, CheckResult } from "./readiness.ts";

type Probe = { applied: Set<string>; failed: boolean } | "no table";

export type DatabaseChecks = { database: Check; migrations: Check; close: () => Promise<void> };

/**
 * Its own one-connection pool: probes never wait behind requests for the app's pool, and a
 * query stuck on a hung server holds one connection here (dropped at its query timeout),
 * never the app's. Both checks share one query per round.
 */
export function databaseChecks(url: string, expected: string[], timeoutMs: number): DatabaseChecks {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: "herald-health",
  });
  // A dropped idle connection is replaced at the next probe.
  pool.on("error", () => {});
  const probe = shared(async (): Promise<Probe> => {
    try {
      const { rows } = await pool.query<{ migration_name: string; finished: boolean }>(
        `SELECT migration_name, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      return { applied: new Set(rows.filter((r) => r.finished).map((r) => r.migration_name)), failed: rows.some((r) => !r.finished) };
    } catch (error) {
      if ((error as { code?: string }).code === "42P01") return "no table"; // undefined_table: never migrated
      throw error;
    }
  });
  return {
    database: () => probe().then(passed, unreachable),
    migrations: async (): Promise<CheckResult> => {
      const result = await probe().catch(() => undefined);
      if (!result) return { ok: false, reason: "database unreachable" };
      if (result === "no table") return { ok: false, reason: "not applied" };
      if (result.failed) return { ok: false, reason: "a migration failed" };
      const missing = expected.filter((name) => !result.applied.has(name)).length;
      return missing === 0 ? { ok: true } : { ok: false, reason: `${missing} not applied` };
    },
    close: () => pool.end().catch(() => {}),
  };
}

/** Both connections must be up (commands and publishing; subscriptions) and answer a PING. */
export function redisCheck(redis: RedisClients | undefined): Check {
  if (!redis) return async () => ({ ok: true, reason: "not configured" });
  // One PING in flight per connection: against a hung Redis, probes must not queue more.
  const pings = [redis.pub, redis.sub].map((client) => ({ client, ping: shared(() => client.ping()) }));
  return async () => {
    if (pings.some(({ client }) => client.status !== "ready")) return { ok: false, reason: "not connected" };
    return Promise.all(pings.map(({ ping }) => ping())).then(passed, unreachable);
  };
}

export function jobsCheck(jobs: RunningJobs): Check {
  const sizes = shared(() => jobs.queueSizes());
  return async () => {
    if (!jobs.running()) return { ok: false, reason: "stopped" };
    return sizes().then(passed, unreachable);
  };
}

const passed = (): CheckResult => ({ ok: true });
const unreachable = (cause: unknown): CheckResult => ({ ok: false, reason: "unreachable", cause });

/** Callers while a call is in flight share its promise. */
function shared<T>(work: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => (inFlight ??= work().finally(() => (inFlight = undefined)));
}
