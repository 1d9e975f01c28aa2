// A receiving process of the comparison benchmark: opens the sockets it is given (the
// socket.io-client a browser would use, WebSocket only) and stamps every
// `notification:new` with the machine's clock. Forked by bench/compare.ts, driven over IPC.
import { io, type Socket } from "socket.io-client";
import { clock, type ReceiverCommand, type ReceiverReport } from "./protocol.ts";

const sockets: Socket[] = [];
let arrivals: [string, number][] = [];
const seen = new Set<string>();
let repeats = 0;
let disconnects = 0;

function send(report: ReceiverReport) {
  process.send!(report);
}

function open(url: string, auth: Record<string, string>): Promise<Socket | null> {
  const socket = io(url, { transports: ["websocket"], auth, reconnection: false, forceNew: true, timeout: 60_000 });
  socket.on("notification:new", ({ notification }: { notification: { data: { k?: string } } }) => {
    const k = notification.data.k;
    if (!k) return;
    if (seen.has(k)) repeats++;
    else {
      seen.add(k);
      arrivals.push([k, clock()]);
    }
  });
  socket.on("disconnect", () => disconnects++);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", () => {
      socket.close();
      resolve(null);
    });
  });
}

async function connectAll(command: Extract<ReceiverCommand, { kind: "connect" }>) {
  const start = clock();
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < command.sockets.length) {
      const spec = command.sockets[next++];
      const socket = await open(command.url, spec.auth);
      if (socket) sockets.push(socket);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  send({ kind: "connected", sockets: sockets.length, failed, ms: clock() - start });
}

process.on("message", (command: ReceiverCommand) => {
  if (command.kind === "connect") void connectAll(command);
  if (command.kind === "collect") {
    send({ kind: "arrivals", arrivals, repeats, disconnects });
    arrivals = [];
  }
  if (command.kind === "close") {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});
