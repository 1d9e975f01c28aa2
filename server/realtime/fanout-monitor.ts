// Watches this instance's Redis link for the gateway. While the link is down, or when a
// publish failed, live events between instances may have been lost: once Redis answers
// again, this instance's own sockets are told to catch up (they may have missed other
// instances' events), and so are the rooms whose events this instance failed to publish
// (their sockets elsewhere missed them). Both are logged and counted; nothing is silent.
//
// On a Redis Cluster, one master dying or being replaced by its replica closes neither
// client: the sub client replaces that master's sharded subscriber ("-subscriber",
// "+subscriber") and subscribes its channels again where their slots now live
// ("subscribersReady"), and a publish to it just fails. So the monitor also listens to
// those events, and retries on a timer until the subscriptions are confirmed and the
// failed rooms are told.
import { log } from "../log.ts";
import { recordFanoutFailure } from "../observability/record.ts";
import type { RedisClient } from "../redis/connect-redis.ts";

export type ResyncTarget = { local: true } | { rooms: string[] } | { everyone: true };

/** Past this many rooms, one hint to everyone is cheaper than remembering them. */
const MAX_REMEMBERED_ROOMS = 10_000;
/** How often an unfinished recovery is tried again. */
const RETRY_MS = 1000;
/** A subscription confirmation sent to a frozen node never answers: give up and retry. */
const CONFIRM_TIMEOUT_MS = 5000;

export type FanoutStats = { failedPublishes: number; slowPublishes: number; resyncs: number };

export type MonitorDeps = {
  clients: { pub: RedisClient; sub: RedisClient };
  /** Resolves once the sub client's subscriptions (restored after an interruption) are active. */
  subscriptionsActive: () => Promise<unknown>;
  resync: (target: ResyncTarget) => void;
};

export class FanoutMonitor {
  readonly stats: FanoutStats = { failedPublishes: 0, slowPublishes: 0, resyncs: 0 };
  private linkDown = false;
  /** Counts interruptions, so a recovery that another one overtook is not taken as done. */
  private interruptions = 0;
  private failedRooms = new Set<string>();
  private overflow = false;
  private slowSince: number | undefined;
  private recovering = false;
  /** A Cluster is replacing subscriber connections: nothing to confirm until it is done. */
  private resubscribing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly deps: MonitorDeps) {
    const { pub, sub } = deps.clients;
    for (const client of [pub, sub]) {
      client.on("close", () => this.down());
      client.on("ready", () => void this.up());
    }
    // Emitted by a Cluster only (see above).
    sub.on("-subscriber", () => {
      this.resubscribing = true;
      this.down();
    });
    sub.on("+subscriber", () => {
      this.resubscribing = true;
      this.interruptions++;
    });
    sub.on("subscribersReady", () => {
      this.resubscribing = false;
      void this.up();
    });
  }

  failed(rooms: string[], error: Error): void {
    this.stats.failedPublishes++;
    recordFanoutFailure("publish_error");
    if (this.failedRooms.size === 0 && !this.overflow) log.warn({ err: error }, "redis fan-out failed; rooms will catch up when Redis is back");
    for (const room of rooms) {
      if (this.failedRooms.size >= MAX_REMEMBERED_ROOMS) this.overflow = true;
      else this.failedRooms.add(room);
    }
    this.retryLater();
  }

  slow(ms: number): void {
    this.stats.slowPublishes++;
    recordFanoutFailure("slow");
    const now = Date.now();
    // One line per minute of slowness, not one per event.
    if (this.slowSince === undefined || now - this.slowSince > 60_000) {
      this.slowSince = now;
      log.warn({ ms: Math.round(ms), slowSoFar: this.stats.slowPublishes }, "redis fan-out slow: other instances get events late");
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private down(): void {
    this.interruptions++;
    this.retryLater();
    if (this.linkDown) return;
    this.linkDown = true;
    recordFanoutFailure("disconnected");
    log.warn("redis link down: this instance's sockets will catch up when it is back");
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.up();
    }, RETRY_MS);
  }

  private async up(): Promise<void> {
    if (this.stopped || this.recovering) return;
    if (!this.linkDown && this.failedRooms.size === 0 && !this.overflow) return;
    const { pub, sub } = this.deps.clients;
    if (pub.status !== "ready" || sub.status !== "ready" || (this.linkDown && this.resubscribing)) return this.retryLater();
    const interruptions = this.interruptions;
    this.recovering = true;
    try {
      // Until this answers, events published elsewhere may still miss this instance.
      if (this.linkDown) await withTimeout(this.deps.subscriptionsActive(), CONFIRM_TIMEOUT_MS);
    } catch (err) {
      log.debug({ err }, "redis subscriptions not restored yet; trying again");
      return this.retryLater();
    } finally {
      this.recovering = false;
    }
    if (this.interruptions !== interruptions) return this.retryLater();
    const local = this.linkDown;
    const rooms = [...this.failedRooms];
    const everyone = this.overflow;
    this.linkDown = false;
    this.failedRooms = new Set();
    this.overflow = false;
    this.stats.resyncs++;
    // The hints themselves go through Redis: one that fails is reported and retried.
    if (everyone) this.deps.resync({ everyone: true });
    else {
      if (local) this.deps.resync({ local: true });
      if (rooms.length > 0) this.deps.resync({ rooms });
    }
    log.info({ localSockets: local || everyone, rooms: everyone ? "all" : rooms.length }, "redis link restored; told sockets to catch up");
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
