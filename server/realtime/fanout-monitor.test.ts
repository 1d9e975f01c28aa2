// The monitor on real Redis connections whose link never drops: what happens on a Redis
// Cluster when one master fails, since the Cluster client stays "ready" meanwhile.
import { Redis } from "ioredis";
import { afterEach, expect, inject, it } from "vitest";
import { FanoutMonitor, type ResyncTarget } from "./fanout-monitor.ts";

const opened: { close: () => void }[] = [];

afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

async function monitorOnRedis(): Promise<{ monitor: FanoutMonitor; resyncs: ResyncTarget[] }> {
  const pub = new Redis(inject("redisUrl"), { lazyConnect: true });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const resyncs: ResyncTarget[] = [];
  const monitor = new FanoutMonitor({ clients: { pub, sub }, subscriptionsActive: () => sub.ping(), resync: (t) => void resyncs.push(t) });
  opened.push({
    close: () => {
      monitor.stop();
      pub.disconnect();
      sub.disconnect();
    },
  });
  return { monitor, resyncs };
}

const waitUntil = async (check: () => boolean, timeoutMs: number) => {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
  }
};

it("asks the rooms whose publish failed to catch up, though the link never dropped and came back", async () => {
  const { monitor, resyncs } = await monitorOnRedis();
  monitor.failed(["user:ann", "user:bob"], new Error("Too many Cluster redirections."));
  monitor.failed(["user:ann"], new Error("Too many Cluster redirections."));
  await waitUntil(() => resyncs.length > 0, 5000);
  expect(resyncs).toEqual([{ rooms: ["user:ann", "user:bob"] }]);
  expect(monitor.stats).toMatchObject({ failedPublishes: 2, resyncs: 1 });
});

it("asks again when the hint itself fails", async () => {
  const { monitor, resyncs } = await monitorOnRedis();
  monitor.failed(["user:cy"], new Error("CLUSTERDOWN"));
  await waitUntil(() => resyncs.length === 1, 5000);
  // The hint went through Redis too and failed: the room is remembered again.
  monitor.failed(["user:cy"], new Error("CLUSTERDOWN"));
  await waitUntil(() => resyncs.length === 2, 5000);
  expect(resyncs).toEqual([{ rooms: ["user:cy"] }, { rooms: ["user:cy"] }]);
});
