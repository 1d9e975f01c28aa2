// Catch-ups for one socket: once after it joined its room (from the position its handshake
// brought), and whenever the client asks (`inbox:sync`, after it noticed a gap or was told
// to). Requests are served one at a time and at most every MIN_INTERVAL_MS per socket; a
// request that comes meanwhile is served next. If the database cannot answer, the
// connection is closed so the client reconnects with backoff and tries again, rather than
// staying up without what it missed.
import type { Socket } from "socket.io";
import { catchUp } from "../inbox/catch-up.ts";
import { log } from "../log.ts";
import type { HandshakeAuth, SyncRequest, UserId } from "../../lib/events.ts";

const MIN_INTERVAL_MS = 500;

type Since = { lastSeq: number; lastVersion?: number };

const position = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

export function readSince(value: HandshakeAuth | SyncRequest | undefined): Since | undefined {
  const lastSeq = position(value?.lastSeq);
  return lastSeq === undefined ? undefined : { lastSeq, lastVersion: position(value?.lastVersion) };
}

export function serveCatchUps(socket: Socket, userId: UserId, limit: number): { run: (since: Since) => void } {
  let busy = false;
  let next: Since | undefined;
  let lastAt = 0;

  const run = (since: Since) => {
    if (busy) {
      next = since;
      return;
    }
    busy = true;
    const wait = Math.max(0, lastAt + MIN_INTERVAL_MS - Date.now());
    setTimeout(() => {
      lastAt = Date.now();
      catchUp(userId, since, limit)
        .then((payload) => void socket.emit("inbox:catch-up", payload))
        .catch((err: unknown) => {
          log.warn({ userId, err }, "catch-up failed; closing the connection so the client retries");
          next = undefined;
          socket.conn.close();
        })
        .finally(() => {
          busy = false;
          const queued = next;
          next = undefined;
          if (queued && socket.connected) run(queued);
        });
    }, wait);
  };

  socket.on("inbox:sync", (request: SyncRequest) => {
    const since = readSince(request);
    if (since) run(since);
  });
  return { run };
}
