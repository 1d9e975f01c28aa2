// npm run bench:compare: Herald against the limit of its stack, a bare Socket.IO server with
// the same sharded Redis adapter that neither authenticates nor stores (bench/baseline).
// Both get the same load, one after the other on the same machine: receiving processes
// hold the sockets, a publishing process sends open loop at each rate, and this process
// only orchestrates and reads the clock stamps both kinds of process took. Prints one
// table with Herald's figures as ratios of the baseline's. `--quick` is CI's smoke run.
import { parseArgs } from "node:util";
import { ask, closeReceivers, delay, forkLoad, openSockets } from "./load/fleet.ts";
import { cpuOf, cpuOfNamed } from "./load/machine.ts";
import type { PublisherCommand, PublisherReport, ReceiverReport } from "./load/protocol.ts";
import { startBaseline, startHeraldTarget, type Target } from "./load/targets.ts";
import { summarize, type Summary } from "./stats.ts";

const { values: opts } = parseArgs({
  options: {
    connections: { type: "string", default: "1000" },
    rates: { type: "string", default: "500,1000,2000,3000,4000,5000" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    receivers: { type: "string", default: "2" },
    quick: { type: "boolean", default: false },
    /** One target alone ("herald" or "baseline"), for trying a change: its lines, no table. */
    only: { type: "string" },
  },
});
const quick = opts.quick;
const CONNECTIONS = quick ? 100 : Number(opts.connections);
const RATES = (quick ? "100" : opts.rates).split(",").map(Number);
const SECONDS = quick ? 2 : Number(opts.duration);
const WARMUP = quick ? 1 : Number(opts.warmup);
const RECEIVERS = quick ? 1 : Number(opts.receivers);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const P99_LIMIT_MS = 500;
const DRAIN_MS = 5000; // how long after the last send an arrival still counts

type RateResult = { rate: number; latency: Summary; sent: number; lost: number; repeats: number; errors: Record<string, number>; cpuServer: number; cpuAll: number; lagMs: number };
type TargetResult = { name: string; bytesPerSocket: number; handshakesPerSecond: number; rates: RateResult[]; capacity: number | null };


async function measure(target: Target): Promise<TargetResult> {
  const { receivers, bytesPerSocket, handshakesPerSecond } = await openSockets(target, RECEIVERS);
  const publisher = forkLoad("publisher");
  let repeatsSoFar = 0;
  const runAt = async (rate: number, seconds: number, tag: string): Promise<RateResult> => {
    const cpu0 = { server: cpuOf(target.serverPid), all: cpuOf(target.serverPid) + cpuOfNamed(["postgres", "redis-server"]) };
    const command: PublisherCommand = { kind: "run", url: target.url, path: target.publish.path, headers: target.publish.headers, userIds: target.userIds, rate, seconds, tag };
    const report = await ask<PublisherReport>(publisher, command, "done");
    const sentAt = new Map(report.sends);
    const arrivedAt = new Map<string, number>();
    let repeats = 0;
    const repeatsBefore = repeatsSoFar;
    const deadline = performance.now() + DRAIN_MS;
    while (true) {
      const batches = await Promise.all(receivers.map((r) => ask<Extract<ReceiverReport, { kind: "arrivals" }>>(r, { kind: "collect" }, "arrivals")));
      for (const batch of batches) for (const [k, at] of batch.arrivals) arrivedAt.set(k, at);
      repeats = batches.reduce((n, b) => n + b.repeats, 0) - repeatsBefore; // receivers count since they started
      if (arrivedAt.size >= sentAt.size || performance.now() > deadline) break;
      await delay(50);
    }
    repeatsSoFar += repeats;
    const cpuServer = cpuOf(target.serverPid) - cpu0.server;
    const cpuAll = cpuOf(target.serverPid) + cpuOfNamed(["postgres", "redis-server"]) - cpu0.all;
    const latencies = [...sentAt].filter(([k]) => arrivedAt.has(k)).map(([k, t0]) => arrivedAt.get(k)! - t0);
    const accepted = report.answers.length;
    return { rate, latency: summarize(latencies), sent: sentAt.size, lost: accepted - latencies.length, repeats, errors: report.errors, cpuServer: (cpuServer / sentAt.size) * 1000, cpuAll: (cpuAll / sentAt.size) * 1000, lagMs: report.lagMs };
  };

  await runAt(RATES[0], WARMUP, "warmup");
  const rates: RateResult[] = [];
  for (const rate of RATES) {
    const result = await runAt(rate, SECONDS, `r${rate}`);
    rates.push(result);
    console.log(`  ${target.name} at ${rate}/s: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, lost ${result.lost}, errors ${JSON.stringify(result.errors)}, generator lag ${result.lagMs.toFixed(0)} ms`);
    if (!sustained(result)) break; // higher rates only get worse
  }
  publisher.kill();
  closeReceivers(receivers);
  const capacity = rates.filter(sustained).at(-1)?.rate ?? null;
  return { name: target.name, bytesPerSocket, handshakesPerSecond, rates, capacity };
}

function sustained(r: RateResult): boolean {
  return r.lost === 0 && Object.keys(r.errors).length === 0 && r.latency.p99 < P99_LIMIT_MS;
}

async function withTarget(start: () => Promise<Target>): Promise<TargetResult> {
  const target = await start();
  try {
    console.log(`${target.name}: ${target.url}, ${CONNECTIONS} sockets in ${RECEIVERS} receiving process(es)`);
    return await measure(target);
  } finally {
    await target.stop();
  }
}

function printTable(base: TargetResult, herald: TargetResult) {
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : "-");
  const ratio = (h: number, b: number) => (b > 0 && Number.isFinite(h) ? `${(h / b).toFixed(2)}x` : "-");
  const rows: string[][] = [];
  for (const rate of RATES) {
    const b = base.rates.find((r) => r.rate === rate);
    const h = herald.rates.find((r) => r.rate === rate);
    if (!b && !h) continue;
    const cell = (r?: RateResult) => (r ? `${ms(r.latency.p50)} / ${ms(r.latency.p99)} / ${ms(r.latency.max)}${r.lost || Object.keys(r.errors).length ? ` (lost ${r.lost}, errors ${Object.values(r.errors).reduce((a, c) => a + c, 0)})` : ""}` : "not run");
    rows.push([`${rate}/s: p50 / p99 / max`, cell(b), cell(h), b && h ? `${ratio(h.latency.p50, b.latency.p50)} / ${ratio(h.latency.p99, b.latency.p99)}` : "-"]);
  }
  rows.push([`highest rate with p99 < ${P99_LIMIT_MS} ms, nothing lost`, `${base.capacity ?? "none"}/s`, `${herald.capacity ?? "none"}/s`, ratio(herald.capacity ?? 0, base.capacity ?? 0)]);
  const first = (t: TargetResult) => t.rates[0];
  rows.push([`server CPU per notification (at ${RATES[0]}/s)`, ms(first(base).cpuServer), ms(first(herald).cpuServer), ratio(first(herald).cpuServer, first(base).cpuServer)]);
  rows.push([`with database and Redis`, ms(first(base).cpuAll), ms(first(herald).cpuAll), ratio(first(herald).cpuAll, first(base).cpuAll)]);
  // A few hundred sockets can cost less than the garbage collector frees meanwhile: no figure then.
  const kb = (n: number) => (n > 0 ? `${(n / 1024).toFixed(1)} KB` : "below GC noise");
  rows.push([`memory per socket (${CONNECTIONS} sockets)`, kb(base.bytesPerSocket), kb(herald.bytesPerSocket), herald.bytesPerSocket > 0 && base.bytesPerSocket > 0 ? ratio(herald.bytesPerSocket, base.bytesPerSocket) : "-"]);
  rows.push(["handshakes per second", base.handshakesPerSecond.toFixed(0), herald.handshakesPerSecond.toFixed(0), ratio(herald.handshakesPerSecond, base.handshakesPerSecond)]);
  console.log(`\n| | ${base.name} | ${herald.name} | Herald / baseline |\n| --- | --- | --- | --- |`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

if (opts.only) {
  const alone = await withTarget(() => (opts.only === "baseline" ? startBaseline(CONNECTIONS, REDIS_URL) : startHeraldTarget(CONNECTIONS, REDIS_URL)));
  const first = alone.rates[0];
  console.log(`  capacity ${alone.capacity ?? "none"}/s; at ${first.rate}/s CPU per notification ${first.cpuServer.toFixed(2)} ms (with database and Redis ${first.cpuAll.toFixed(2)} ms)`);
  process.exit(0);
}
const base = await withTarget(() => startBaseline(CONNECTIONS, REDIS_URL));
const herald = await withTarget(() => startHeraldTarget(CONNECTIONS, REDIS_URL));
printTable(base, herald);
const clean = [base, herald].every((t) => t.rates[0] && sustained(t.rates[0]) && t.rates[0].repeats === 0);
if (quick && !clean) console.error("\nquick run: something was lost, refused or repeated at the first rate");
process.exit(quick && !clean ? 1 : 0);
