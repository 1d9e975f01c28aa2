// npm run bench:connections: how many authenticated sockets one instance holds, and at
// what cost. Opens --connections sockets (10,000 by default; tokens minted through the
// API) to one Herald instance from several receiving processes, then to the bare
// Socket.IO baseline, and prints resident memory per idle socket and handshakes per second.
import { parseArgs } from "node:util";
import { closeReceivers, openSockets } from "./load/fleet.ts";
import { startBaseline, startHeraldTarget, type Target } from "./load/targets.ts";

const { values: opts } = parseArgs({
  options: {
    connections: { type: "string", default: "10000" },
    receivers: { type: "string", default: "4" },
  },
});
const CONNECTIONS = Number(opts.connections);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

async function measure(start: () => Promise<Target>) {
  const target = await start();
  try {
    const result = await openSockets(target, Number(opts.receivers));
    closeReceivers(result.receivers);
    console.log(`${target.name}: ${result.open} sockets, ${(result.bytesPerSocket / 1024).toFixed(1)} KB per socket, ${result.handshakesPerSecond.toFixed(0)} handshakes/s`);
    return { name: target.name, ...result };
  } finally {
    await target.stop();
  }
}

const base = await measure(() => startBaseline(CONNECTIONS, REDIS_URL));
const herald = await measure(() => startHeraldTarget(CONNECTIONS, REDIS_URL));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\n| ${CONNECTIONS} idle sockets, one instance | ${base.name} | Herald | Herald / baseline |\n| --- | --- | --- | --- |`);
console.log(`| resident memory per socket | ${kb(base.bytesPerSocket)} | ${kb(herald.bytesPerSocket)} | ${(herald.bytesPerSocket / base.bytesPerSocket).toFixed(2)}x |`);
console.log(`| handshakes per second | ${base.handshakesPerSecond.toFixed(0)} | ${herald.handshakesPerSecond.toFixed(0)} | ${(herald.handshakesPerSecond / base.handshakesPerSecond).toFixed(2)}x |`);
process.exit(0);
