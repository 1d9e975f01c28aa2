// Herald's Prometheus metrics: every name, type, label and help text is in this file
// (docs/operations.md explains each and the alerts worth setting). Each instance counts
// its own; Prometheus sums across instances. Recording is an increment or a histogram
// observation, cheap enough for the publish path; whatever needs a query or a count of
// live objects is read when Prometheus scrapes, never per request.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { log } from "../log.ts";
import type { ConnectErrorCode } from "../../lib/events.ts";
import { withTimeout } from "./with-timeout.ts";

export type PublishResult = "accepted" | "refused" | "failed";
/** A refused handshake's code as the client saw it, or "error" when the server failed (database down). */
export type HandshakeRefusal = ConnectErrorCode | "error";
export type CatchUpKind = "items" | "summary";
export type DeliveryChannel = "in_app" | "push" | "email";
export type DeliveryStatus = "delivered" | "failed" | "skipped";

/** Read at scrape time. */
export type ScrapeSources = {
  sockets: () => number;
  jobQueues: () => Promise<Record<string, number>>;
  readiness: () => Promise<Record<string, { ok: boolean }>>;
};

/** Scrape-time reads of the database give up after this long, so a scrape never hangs. */
const SCRAPE_TIMEOUT_MS = 2000;
// Publish latency is milliseconds when healthy; the top buckets catch a stalled database.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  // Process CPU, memory, handles, GC and event-loop lag (nodejs_eventloop_lag_*).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sources: ScrapeSources = { sockets: () => 0, jobQueues: async () => ({}), readiness: async () => ({}) };

  return {
    registry,
    sources,
    publishes: new Counter({
      name: "herald_publishes_total",
      help: "Publish requests that reached the handler, by result: accepted (202), refused (4xx), failed (5xx).",
      labelNames: ["result"] as const,
      registers,
    }),
    publishCommit: new Histogram({
      name: "herald_publish_commit_seconds",
      help: "Time from the start of a publish request to the commit of its rows.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    publishEmit: new Histogram({
      name: "herald_publish_emit_seconds",
      help: "Time from the start of a publish request to the hand-off of its events to the gateway's emit.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    publishGroup: new Histogram({
      name: "herald_publish_group_size",
      help: "Publishes written by one statement and commit (group commit: those that arrived while earlier ones were being written).",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    }),
    socketsOpen: new Gauge({
      name: "herald_sockets_open",
      help: "Authenticated sockets open on this instance.",
      registers,
      collect(this: Gauge) {
        this.set(sources.sockets());
      },
    }),
    handshakesRefused: new Counter({
      name: "herald_handshakes_refused_total",
      help: "Socket handshakes refused, by reason (the connect_error code; error: the server failed).",
      labelNames: ["reason"] as const,
      registers,
    }),
    folded: new Counter({
      name: "herald_notifications_folded_total",
      help: "Notifications storm control folded into an item: a group counting up, or the rate limit's digest.",
      labelNames: ["into"] as const,
      registers,
    }),
    rateLimitDegraded: new Counter({
      name: "herald_rate_limit_local_total",
      help: "Rate-limit checks counted per instance because Redis could not answer.",
      registers,
    }),
    catchUps: new Counter({
      name: "herald_catchups_total",
      help: "Catch-ups served to reconnecting sockets: the missed items, or one summary past CATCH_UP_LIMIT.",
      labelNames: ["kind"] as const,
      registers,
    }),
    fanoutFailures: new Counter({
      name: "herald_redis_fanout_failures_total",
      help: "Live events that Redis did not carry to other instances (their recipients catch up on reconnect).",
      labelNames: ["reason"] as const,
      registers,
    }),
    deliveries: new Counter({
      name: "herald_deliveries_total",
      help: "Notification deliveries by channel (in_app, push, email) and status.",
      labelNames: ["channel", "status"] as const,
      registers,
    }),
    jobQueueDepth: new Gauge({
      name: "herald_job_queue_depth",
      help: "Jobs waiting in each pg-boss queue (created or retrying); absent while the database does not answer.",
      labelNames: ["queue"] as const,
      registers,
      async collect(this: Gauge<"queue">) {
        this.reset();
        const sizes = await withTimeout(sources.jobQueues(), SCRAPE_TIMEOUT_MS).catch((err: unknown) => {
          log.warn({ err }, "job queue depth not collected");
          return {};
        });
        for (const [queue, size] of Object.entries(sizes)) this.set({ queue }, size);
      },
    }),
    ready: new Gauge({
      name: "herald_ready",
      help: "1 when the readiness check passes (as /readyz reports it), else 0.",
      labelNames: ["check"] as const,
      registers,
      async collect(this: Gauge<"check">) {
        this.reset();
        for (const [check, { ok }] of Object.entries(await sources.readiness())) this.set({ check }, ok ? 1 : 0);
      },
    }),
    httpRequests: new Counter({
      name: "herald_http_requests_total",
      help: "Requests to /api/v1, by route pattern and HTTP status.",
      labelNames: ["route", "status"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One set per process, on globalThis like the database handles: a module bundled twice
// (Next's server bundle) must count into the same registry the endpoint serves.
const store = globalThis as unknown as { __heraldMetrics?: Metrics };

export function metrics(): Metrics {
  store.__heraldMetrics ??= createMetrics();
  return store.__heraldMetrics;
}
