// npm run bench:reconnect: a deploy under load. Two instances on one PostgreSQL and one
// Redis (both started here); --sockets InboxClients (lib/inbox-client.ts, the product's
// own client, every third person with a second tab) all on instance A; a publisher streams
// notifications to all of them through instance B, open loop, the whole time. Instance A
// is restarted gracefully (SIGTERM, then started again on its port) and the clients come
// back on their own. Reports when every socket was connected again, when every
// notification accepted before A was back had been shown, what was lost and what was
// shown twice. The clients and the publisher are the fault suite's (tests/faults/harness).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectDb, disconnectDb } from "../server/db/connect.ts";
import { cpuOf, cpuOfNamed } from "./load/machine.ts";
import { startFleet } from "../tests/faults/harness/fleet.ts";
import { startPublisher } from "../tests/faults/harness/publisher.ts";
import { serviceApi } from "../tests/faults/harness/service-api.ts";
import { createInstance } from "../tests/support/infra/instances.ts";
import { startPostgres } from "../tests/support/infra/postgres.ts";
import { until } from "../tests/support/infra/processes.ts";
import { startStandaloneRedis } from "../tests/support/infra/redis.ts";

const { values: opts } = parseArgs({
  options: {
    sockets: { type: "string", default: "5000" },
    rate: { type: "string", default: "100" },
    after: { type: "string", default: "10" },
  },
});
const SOCKETS = Number(opts.sockets);
const USERS = Math.ceil((SOCKETS * 3) / 4); // a third of the people have a second tab
const RATE = Number(opts.rate);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = mkdtempSync(join(tmpdir(), "herald-bench-reconnect-"));
chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
const stops: (() => Promise<unknown>)[] = [];
try {
  const postgres = await startPostgres(join(dir, "postgres"));
  stops.push(() => postgres.stop());
  mkdirSync(join(dir, "redis"));
  const redis = await startStandaloneRedis(join(dir, "redis"));
  stops.push(() => redis.stop());
  const env = () => ({ DATABASE_URL: postgres.url, ...redis.env });
  const [a, b] = [await createInstance("A", dir, env), await createInstance("B", dir, env)];
  // Gracefully, so that a profiled run (HERALD_PROFILE_DIR) writes every process's profile.
  stops.push(() => Promise.all([a.stopGracefully().finally(a.kill), b.stopGracefully().finally(b.kill)]));
  await Promise.all([a.ensureRunning(), b.ensureRunning()]);
  const db = connectDb(postgres.url, 2);
  stops.push(() => disconnectDb(db));

  const api = await serviceApi("bench reconnect");
  const fleet = await startFleet({ prefix: "r", users: USERS, instances: [a], api });
  stops.push(async () => fleet.close());
  const clients = fleet.clients;
  await until("every client connected", () => clients.every((c) => c.connected() && c.catchUps > 0), 300_000, 200);
  console.log(`${clients.length} sockets of ${USERS} people connected to A; publishing ${RATE}/s through B`);

  const publisher = startPublisher({ prefix: "r", users: fleet.users, instances: [b], apiKey: api.key, ratePerSecond: RATE, maxInFlight: 2000, seed: 1 });
  await delay(3000);
  const stopAt = Date.now();
  await a.stopGracefully();
  await a.ensureRunning();
  const upAt = Date.now();
  // CPU seconds from A back until every socket is connected again: A, B, PostgreSQL and
  // Redis, and this process (the clients).
  const cpuNow = () => ({ a: cpuOf(a.pid() ?? 0), b: cpuOf(b.pid() ?? 0), stores: cpuOfNamed(["postgres", "redis-server"]), clients: process.cpuUsage() });
  const cpuAtUp = cpuNow();
  const allBack = until("every socket connected again", () => clients.every((c) => c.connected()), 120_000, 50).then(() => ({ at: Date.now(), cpu: cpuNow() }));
  await delay(Number(opts.after) * 1000);
  await publisher.stop();

  const expected = new Map<string, { id: string; sentAt: number }[]>();
  for (const p of publisher.records) {
    for (const [userId, id] of Object.entries(p.ids ?? {})) expected.set(userId, [...(expected.get(userId) ?? []), { id, sentAt: p.sentAt }]);
  }
  const missing = () => clients.reduce((n, c) => n + (expected.get(c.userId) ?? []).filter((e) => !c.shown.has(e.id)).length, 0);
  await until("every client showing every notification", () => missing() === 0, 60_000, 200).catch(() => {});

  const back = await allBack.catch(() => undefined);
  const backAt = clients.map((c) => (c.connects.find((t) => t > stopAt) ?? Infinity) - stopAt).sort((x, y) => x - y);
  const backMs = backAt[backAt.length - 1];
  const backQuantile = (q: number) => backAt[Math.min(backAt.length - 1, Math.floor(q * backAt.length))];
  // Caught up: every notification accepted before A was back is shown on every client of its person.
  const caughtUpMs = Math.max(
    ...clients.flatMap((c) => (expected.get(c.userId) ?? []).filter((e) => e.sentAt < upAt).map((e) => (c.shown.get(e.id)?.at ?? Infinity) - stopAt)),
  );
  const accepted = publisher.records.filter((p) => p.outcome === "accepted").length;
  const lost = missing();
  const twice = clients.reduce((n, c) => n + c.repeats.length, 0);
  const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "never");
  console.log(`\n| ${clients.length} sockets on A, ${RATE}/s through B | |\n| --- | --- |`);
  console.log(`| A down (SIGTERM until listening again) | ${s(upAt - stopAt)} |`);
  console.log(`| every socket connected again | ${s(backMs)} after SIGTERM |`);
  console.log(`| half / 90 % of the sockets connected again | ${s(backQuantile(0.5) - (upAt - stopAt))} / ${s(backQuantile(0.9) - (upAt - stopAt))} after A was back |`);
  console.log(`| every notification accepted before A was back shown | ${s(caughtUpMs)} after SIGTERM (${s(caughtUpMs - (upAt - stopAt))} after A was back) |`);
  if (process.env.BENCH_DUMP) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ stopAt, upAt, clients: clients.map((c) => ({ connects: c.connects, errors: c.connectErrors, disconnects: c.disconnects })) }));
  }
  const errors = new Map<string, number>();
  for (const c of clients) for (const e of c.connectErrors) if (e.at > stopAt) errors.set(e.reason, (errors.get(e.reason) ?? 0) + 1);
  const afterUp = clients.reduce((n, c) => n + c.connectErrors.filter((e) => e.at > upAt).length, 0);
  console.log(`| failed attempts (all / after A was back) | ${[...errors].map(([r, n]) => `${n} ${r}`).join(", ") || "none"} / ${afterUp} |`);
  if (back) {
    const secs = (back.at - upAt) / 1000;
    const clientCpu = (back.cpu.clients.user + back.cpu.clients.system - cpuAtUp.clients.user - cpuAtUp.clients.system) / 1e6;
    const used = { A: back.cpu.a - cpuAtUp.a, B: back.cpu.b - cpuAtUp.b, "PostgreSQL and Redis": back.cpu.stores - cpuAtUp.stores, clients: clientCpu };
    const parts = Object.entries(used).map(([k, v]) => `${k} ${v.toFixed(1)} s (${Math.round((100 * v) / secs)} %)`);
    console.log(`| CPU from A back until all connected (${secs.toFixed(1)} s of ${availableParallelism()} cores) | ${parts.join(", ")}; A ${((1000 * used.A) / clients.length).toFixed(2)} ms per socket |`);
  }
  console.log(`| accepted / lost / shown twice | ${accepted} / ${lost} / ${twice} |`);
  console.log(`| catch-ups / resyncs (reloads) | ${clients.reduce((n, c) => n + c.catchUps, 0)} / ${clients.reduce((n, c) => n + c.resyncs, 0)} |`);
  process.exitCode = lost === 0 && twice === 0 ? 0 : 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
process.exit();
