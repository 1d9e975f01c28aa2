// Wires health, readiness and metrics for one instance: the readiness checks over its
// database, Redis and job queue, the scrape-time gauges, the /healthz, /readyz and
// /metrics handler for the main listener, and the METRICS_PORT listener when configured.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config/index.ts";
import { listMigrations } from "../db/migrate.ts";
import type { RunningJobs } from "../jobs/queue.ts";
import type { RedisClients } from "../redis/connect-redis.ts";
import { createObservabilityHandler, listenForMetrics } from "./endpoints.ts";
import { createReadiness, READINESS_DEFAULTS } from "./readiness.ts";
import { databaseChecks, jobsCheck, redisCheck } from "./readiness-checks.ts";
import { setScrapeSources } from "./record.ts";

export type Observability = {
  /** Answers /healthz, /readyz and /metrics; false for any other request. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Where herald_sockets_open reads from (the gateway starts after this). */
  countSockets: (count: () => number) => void;
  /** SIGTERM: /readyz answers 503 from now on. */
  markShuttingDown: () => void;
  close: () => Promise<void>;
};

export type ObservabilityDeps = { databaseUrl: string; redis?: RedisClients; jobs: RunningJobs };

export async function startObservability(config: Config, deps: ObservabilityDeps): Promise<Observability> {
  const db = databaseChecks(deps.databaseUrl, listMigrations(), READINESS_DEFAULTS.timeoutMs);
  const readiness = createReadiness({
    database: db.database,
    redis: redisCheck(deps.redis),
    migrations: db.migrations,
    jobs: jobsCheck(deps.jobs),
  });
  setScrapeSources({ jobQueues: deps.jobs.queueSizes, readiness: async () => (await readiness.check()).checks });
  const { token, port } = config.metrics;
  // Without a token, /metrics stays off the public port (see docs/operations.md).
  const handle = createObservabilityHandler({ readiness, metrics: { served: token !== undefined, token } });
  const metricsListener = port === undefined ? undefined : await listenForMetrics(port, token);
  return {
    handle,
    countSockets: (count) => setScrapeSources({ sockets: count }),
    markShuttingDown: readiness.markShuttingDown,
    close: async () => {
      await metricsListener?.close();
      await db.close();
    },
  };
}
