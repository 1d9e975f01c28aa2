// What instrumented code calls: one cheap call per event, no I/O. The gateway, the API
// router and the publish path use these; the publish path records in-app deliveries with
// recordInAppDeliveries, the push and email channels theirs with recordDelivery, and the
// gateway's fan-out monitor Redis fan-out failures with recordFanoutFailure.
import { toAppError } from "../http/errors.ts";
import {
  metrics,
  type CatchUpKind,
  type DeliveryChannel,
  type DeliveryStatus,
  type HandshakeRefusal,
  type ScrapeSources,
} from "./metrics.ts";

const m = metrics();

/** Counts a publish request by its outcome: the work's result, or a 4xx (refused) or 5xx (failed). */
export function countPublish<T>(work: () => Promise<T>): Promise<T> {
  return work().then(
    (value) => {
      m.publishes.inc({ result: "accepted" });
      return value;
    },
    (error: unknown) => {
      m.publishes.inc({ result: toAppError(error).status < 500 ? "refused" : "failed" });
      throw error;
    },
  );
}

/** `startedAt` is the request's performance.now() when it arrived. */
export function observePublishCommit(startedAt: number): void {
  m.publishCommit.observe((performance.now() - startedAt) / 1000);
}

export function observePublishEmit(startedAt: number): void {
  m.publishEmit.observe((performance.now() - startedAt) / 1000);
}

/** How many publishes one group commit wrote. */
export function observePublishGroup(size: number): void {
  m.publishGroup.observe(size);
}

export function recordHandshakeRefused(reason: HandshakeRefusal): void {
  m.handshakesRefused.inc({ reason });
}

/** Notifications folded into a grouped item ("group") or a digest ("digest") by one publish. */
export function recordFolded(into: "group" | "digest", count: number): void {
  if (count > 0) m.folded.inc({ into }, count);
}

export function recordRateLimitLocal(): void {
  m.rateLimitDegraded.inc();
}

export function recordCatchUp(kind: CatchUpKind): void {
  m.catchUps.inc({ kind });
}

/** `reason` is a short fixed word (e.g. "publish_error", "disconnected"), never an error message. */
export function recordFanoutFailure(reason: string): void {
  m.fanoutFailures.inc({ reason });
}

export function recordDelivery(channel: DeliveryChannel, status: DeliveryStatus): void {
  m.deliveries.inc({ channel, status });
}

/**
 * A publish's in-app outcome, one per recipient: `delivered` when its item was handed to the
 * gateway (to every open socket of the person, and in their inbox either way), `skipped`
 * when they turned in-app off for the type (stored, not shown).
 */
export function recordInAppDeliveries(published: readonly { shownInApp: boolean }[]): void {
  const shown = published.filter((p) => p.shownInApp).length;
  if (shown > 0) m.deliveries.inc({ channel: "in_app", status: "delivered" }, shown);
  if (published.length > shown) m.deliveries.inc({ channel: "in_app", status: "skipped" }, published.length - shown);
}

/** `route` is the route's pattern (/api/v1/users/:userId), never the raw path. */
export function recordHttpRequest(route: string, status: number): void {
  m.httpRequests.inc({ route, status: String(status) });
}

/** Where the scrape-time gauges read from; set once by the server at start. */
export function setScrapeSources(sources: Partial<ScrapeSources>): void {
  Object.assign(m.sources, sources);
}
