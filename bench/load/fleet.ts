// The benchmark's load processes: forking them, asking them over IPC, and opening a
// target's sockets across several receiving processes, with what that cost the server
// (resident memory per socket) and how fast it went (handshakes per second).
import { fork, type ChildProcess } from "node:child_process";
import { rssOf } from "./machine.ts";
import type { ReceiverCommand, ReceiverReport } from "./protocol.ts";
import type { Target } from "./targets.ts";

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function forkLoad(name: "receiver" | "publisher"): ChildProcess {
  return fork(new URL(`./${name}.ts`, import.meta.url).pathname, [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
}

/** Sends a command and resolves with the first reply of the given kind. */
export function ask<R>(child: ChildProcess, message: unknown, kind: string): Promise<R> {
  return new Promise((resolve) => {
    const listen = (reply: { kind: string }) => {
      if (reply.kind !== kind) return;
      child.off("message", listen);
      resolve(reply as R);
    };
    child.on("message", listen);
    child.send(message as object);
  });
}

export type OpenSockets = { receivers: ChildProcess[]; open: number; bytesPerSocket: number; handshakesPerSecond: number };

export async function openSockets(target: Target, processes: number, concurrencyPerProcess = 50): Promise<OpenSockets> {
  const specs = await target.socketSpecs();
  const idleRss = rssOf(target.serverPid);
  const receivers = Array.from({ length: processes }, () => forkLoad("receiver"));
  const start = performance.now();
  const connected = await Promise.all(
    receivers.map((receiver, i) =>
      ask<Extract<ReceiverReport, { kind: "connected" }>>(
        receiver,
        { kind: "connect", url: target.url, sockets: specs.filter((_, j) => j % processes === i), concurrency: concurrencyPerProcess } satisfies ReceiverCommand,
        "connected",
      ),
    ),
  );
  const ms = performance.now() - start;
  const open = connected.reduce((n, c) => n + c.sockets, 0);
  if (open !== specs.length) throw new Error(`${target.name}: ${open} of ${specs.length} sockets connected`);
  await delay(2000); // let the server settle before reading its memory
  return { receivers, open, bytesPerSocket: (rssOf(target.serverPid) - idleRss) / open, handshakesPerSecond: (open / ms) * 1000 };
}

export function closeReceivers(receivers: ChildProcess[]) {
  for (const receiver of receivers) receiver.send({ kind: "close" } satisfies ReceiverCommand);
}
