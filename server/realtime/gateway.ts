// The realtime gateway: the only place that emits to sockets. Every authenticated
// socket joins its user's room; domain events are emitted to that room, which the
// adapter carries to whichever instances hold the user's other sockets.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Config } from "../config/index.ts";
import { onUserEvents } from "../events/user-events.ts";
import { log } from "../log.ts";
import { attachAdapter } from "./adapter.ts";
import { authenticateSocket, HandshakeError } from "./authenticate-socket.ts";
import { catchUp } from "../inbox/catch-up.ts";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents, UserId } from "../../lib/events.ts";

export type HeraldServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { userId: UserId }>;

const position = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

function catchUpSince(auth: HandshakeAuth): { lastSeq: number; lastVersion?: number } | undefined {
  const lastSeq = position(auth?.lastSeq);
  return lastSeq === undefined ? undefined : { lastSeq, lastVersion: position(auth.lastVersion) };
}

export const userRoom = (userId: UserId) => `user:${userId}`;
export const MAX_FRAME_BYTES = 10 * 1024;

export type Gateway = { io: HeraldServer; close: () => Promise<void> };

export async function startGateway(httpServer: HttpServer, config: Config): Promise<Gateway> {
  const io: HeraldServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    httpCompression: false,
    // Dead connections are noticed within pingInterval + pingTimeout (20 s), not minutes.
    pingInterval: 10_000,
    pingTimeout: 10_000,
    cors: { origin: config.allowedOrigins, credentials: true },
    // Leave other upgrade requests (Next's dev HMR) to their own handler.
    destroyUpgrade: false,
  });
  const adapter = await attachAdapter(io, config.redisUrl);

  io.use((socket, next) => {
    authenticateSocket({ headers: socket.handshake.headers, auth: socket.handshake.auth })
      .then((userId) => {
        socket.data.userId = userId;
        next();
      })
      .catch((error: unknown) => {
        if (!(error instanceof HandshakeError)) log.error("handshake failed", { error: String(error) });
        next(error instanceof HandshakeError ? error : new HandshakeError("unauthorized", "Authentication failed"));
      });
  });

  io.on("connection", (socket) => {
    void joinAndCatchUp(socket).catch((error: unknown) => {
      log.error("catch-up failed", { userId: socket.data.userId, error: String(error) });
      socket.disconnect(true);
    });
  });

  // Join first (with the Redis adapter, until the shard subscription is active), then
  // catch up: whatever commits after the join arrives live, whatever committed before it
  // is in the catch-up, and the client drops the overlap by id.
  async function joinAndCatchUp(socket: Parameters<Parameters<HeraldServer["on"]>[1]>[0]): Promise<void> {
    await socket.join(userRoom(socket.data.userId));
    await adapter.subscribed();
    const since = catchUpSince(socket.handshake.auth);
    if (!since) return;
    socket.emit("inbox:catch-up", await catchUp(socket.data.userId, since, config.catchUpLimit));
  }

  const unsubscribe = onUserEvents((events) => {
    for (const { userId, event, payload } of events) io.to(userRoom(userId)).emit(event, payload as never);
  });

  return {
    io,
    close: async () => {
      unsubscribe();
      // Local sockets only: io.disconnectSockets() would reach every instance through Redis.
      io.local.disconnectSockets(true);
      io.engine.close();
      await adapter.close();
    },
  };
}
