// npm run bench: publish -> persist -> deliver latency through the real stack.
// Starts the production server (its own embedded PostgreSQL in a temporary data dir,
// or BENCH_DATABASE_URL / BENCH_REDIS_URL when given), connects N authenticated
// socket.io-clients, publishes through the HTTP API at a fixed rate (open loop: sends
// are scheduled by the clock, not by responses), and reports publish-to-receive
// latency. Sender and receivers are this one process, so both ends use one clock.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { startHerald } from "../tests/support/herald-process.ts";
import { summarize, formatSummary } from "./stats.ts";
import { prepareBenchDatabase } from "./bench-database.ts";

const { values: opts } = parseArgs({
  options: {
    connections: { type: "string", default: "1000" },
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    // The bench type's default channels: with push or email, each publish also writes its
    // delivery decisions and jobs in its transaction (everyone is online: push is skipped,
    // email is due in an hour, so no provider runs during the bench).
    channels: { type: "string", default: "in_app" },
  },
});
const CONNECTIONS = Number(opts.connections);
const RATE = Number(opts.rate);
const DURATION_S = Number(opts.duration);
const WARMUP_S = Number(opts.warmup);

const db = await prepareBenchDatabase(CONNECTIONS);
const server = await startHerald({
  DATABASE_URL: db.url,
  REDIS_URL: process.env.BENCH_REDIS_URL ?? "",
  // Every publish pays the per-person rate limit's check (as in production), but a limit
  // this high holds none back, so all of them take the ungrouped path being measured.
  RATE_LIMIT_PER_MINUTE: "100000",
});
console.log(`server: ${server.url}  database: ${db.kind}  redis: ${process.env.BENCH_REDIS_URL ? "yes" : "no (in-memory adapter)"}`);

async function api(path: string, body?: unknown) {
  const res = await fetch(server.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${db.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const channels = opts.channels.split(",");
const typed = await fetch(`${server.url}/api/v1/types/bench`, {
  method: "PUT",
  headers: { authorization: `Bearer ${db.apiKey}`, "content-type": "application/json" },
  body: JSON.stringify({ defaultChannels: channels, emailAfterSeconds: 3600 }),
});
if (!typed.ok) throw new Error(`PUT /api/v1/types/bench: ${typed.status} ${await typed.text()}`);
console.log(`type "bench": ${channels.join(", ")}`);

// Connect every user's socket, tokens minted through the API.
const received = new Map<string, number>();
const sockets: Socket[] = [];
const connectStart = performance.now();
for (let i = 0; i < CONNECTIONS; i += 100) {
  await Promise.all(
    db.userIds.slice(i, i + 100).map(async (userId) => {
      const { token } = await api(`/api/v1/users/${userId}/token`);
      const socket = io(server.url, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
      socket.on("notification:new", ({ notification }: { notification: { data: { k: string } } }) => {
        received.set(notification.data.k, performance.now());
      });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      sockets.push(socket);
    }),
  );
}
console.log(`connected ${sockets.length} sockets in ${Math.round(performance.now() - connectStart)} ms`);

async function run(seconds: number, tag: string) {
  const sentAt = new Map<string, number>();
  const acked: number[] = [];
  let errors = 0;
  const total = Math.round(seconds * RATE);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const k = `${tag}-${i}`;
    const userId = db.userIds[i % db.userIds.length];
    const t0 = performance.now();
    sentAt.set(k, t0);
    inflight.push(
      api("/api/v1/notifications", { recipients: [userId], type: "bench", title: `n${i}`, data: { k } }).then(
        () => void acked.push(performance.now() - t0),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline && [...sentAt.keys()].some((k) => !received.has(k))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const latencies = [...sentAt].filter(([k]) => received.has(k)).map(([k, t0]) => received.get(k)! - t0);
  return { total, errors, acked, latencies, elapsed: (performance.now() - start) / 1000 };
}

/** CPU seconds used so far by a process (Linux /proc; utime + stime). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

if (WARMUP_S > 0) await run(WARMUP_S, "warmup");
const cpuBefore = { server: cpuSeconds(server.child.pid!), bench: process.cpuUsage() };
const result = await run(DURATION_S, "measure");
const serverCpu = cpuSeconds(server.child.pid!) - cpuBefore.server;
const benchCpuUsage = process.cpuUsage(cpuBefore.bench);
const benchCpu = (benchCpuUsage.user + benchCpuUsage.system) / 1e6;
console.log(`\nrate ${RATE}/s for ${DURATION_S} s to ${CONNECTIONS} connected users (sent in ${result.elapsed.toFixed(1)} s)`);
console.log(formatSummary("publish -> receive", summarize(result.latencies)));
console.log(formatSummary("HTTP 202 (committed)", summarize(result.acked)));
console.log(
  `CPU per notification: server ${((serverCpu / result.total) * 1000).toFixed(2)} ms, ` +
    `bench client ${((benchCpu / result.total) * 1000).toFixed(2)} ms ` +
    `(server at ${((serverCpu / result.elapsed) * 100).toFixed(0)}% of one core)`,
);
console.log(`delivered/sent: ${result.latencies.length}/${result.total}   HTTP errors: ${result.errors}`);

for (const s of sockets) s.close();
await server.stop();
await db.cleanup();
process.exit(result.latencies.length === result.total && result.errors === 0 ? 0 : 1);
