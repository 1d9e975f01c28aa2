// Watches this instance's Redis link for the gateway. While the link is down, or when a
// publish failed, live events between instances may have been lost: once Redis answers
// again, this instance's own sockets are told to catch up (they may have missed other
// instances' events), and so are the rooms whose events this instance failed to publish
// (their sockets elsewhere missed them). Both are logged and counted; nothing is silent.
import { log } from "../log.ts";
import { recordFanoutFailure } from "../observability/record.ts";
import type { RedisClient } from "../redis/connect-redis.ts";

export type ResyncTarget = { local: true } | { rooms: string[] } | { everyone: true };

/** Past this many rooms, one hint to everyone is cheaper than remembering them. */
const MAX_REMEMBERED_ROOMS = 10_000;

export type FanoutStats = { failedPublishes: number; slowPublishes: number; resyncs: number };

export class FanoutMonitor {
  readonly stats: FanoutStats = { failedPublishes: 0, slowPublishes: 0, resyncs: 0 };
  private linkDown = false;
  private failedRooms = new Set<string>();
  private overflow = false;
  private slowSince: number | undefined;

  constructor(
    private readonly clients: { pub: RedisClient; sub: RedisClient },
    private readonly resync: (target: ResyncTarget) => void,
  ) {
    for (const client of [clients.pub, clients.sub]) {
      client.on("close", () => this.down());
      client.on("ready", () => void this.up());
    }
  }

  failed(rooms: string[], error: Error): void {
    this.stats.failedPublishes++;
    recordFanoutFailure("publish_error");
    if (this.failedRooms.size === 0 && !this.overflow) log.warn({ err: error }, "redis fan-out failed; rooms will catch up when Redis is back");
    for (const room of rooms) {
      if (this.failedRooms.size >= MAX_REMEMBERED_ROOMS) this.overflow = true;
      else this.failedRooms.add(room);
    }
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

  private down(): void {
    if (this.linkDown) return;
    this.linkDown = true;
    recordFanoutFailure("disconnected");
    log.warn("redis link down: this instance's sockets will catch up when it is back");
  }

  private async up(): Promise<void> {
    if (!this.linkDown && this.failedRooms.size === 0 && !this.overflow) return;
    if (this.clients.pub.status !== "ready" || this.clients.sub.status !== "ready") return;
    // Resubscriptions were queued before this PING: once it answers, live events flow again
    // (on a Cluster ioredis resubscribes each master's shard channels itself).
    await this.clients.sub.ping().catch(() => undefined);
    const local = this.linkDown;
    const rooms = [...this.failedRooms];
    const everyone = this.overflow;
    this.linkDown = false;
    this.failedRooms = new Set();
    this.overflow = false;
    this.stats.resyncs++;
    if (everyone) this.resync({ everyone: true });
    else {
      if (local) this.resync({ local: true });
      if (rooms.length > 0) this.resync({ rooms });
    }
    log.info({ localSockets: local || everyone, rooms: everyone ? "all" : rooms.length }, "redis link restored; told sockets to catch up");
  }
}
