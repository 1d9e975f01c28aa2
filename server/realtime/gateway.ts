// The realtime gateway: the only place that emits to sockets. Every authenticated
// socket joins its user's room; domain events are emitted to that room, which the
// adapter carries to whichever instances hold the user's other sockets.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Config } from "../config/index.ts";
import type { ControlEvent, EndConnections } from "../events/control-events.ts";
import { onUserEvents } from "../events/user-events.ts";
import { log } from "../log.ts";
import { resourceSecurityHeaders } from "../http/security-headers.ts";
import { databaseUnavailableError, isDatabaseUnavailable } from "../db/unavailable.ts";
import type { PresenceStore } from "../presence/presence-store.ts";
import { attachAdapter, type RedisDeps } from "./adapter.ts";
import { admitSocket, type SocketData } from "./admission.ts";
import { HandshakeError } from "./authenticate-socket.ts";
import { readSince, serveCatchUps } from "./catch-ups.ts";
import { FanoutMonitor, type ResyncTarget } from "./fanout-monitor.ts";
import type { ClientToServerEvents, ServerToClientEvents, UserId } from "../../lib/events.ts";
import { recordHandshakeRefused } from "../observability/record.ts";

type InterServerEvents = Record<string, never>;

export type HeraldServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const userRoom = (userId: UserId) => `user:${userId}`;
export const MAX_FRAME_BYTES = 10 * 1024;
/** A new socket's first catch-up waits at most this long for its room's Redis subscription. */
export const SUBSCRIBE_TIMEOUT_MS = 1000;

export type Gateway = {
  io: HeraldServer;
  /** Acts on a control event (from the database's control channel). */
  control: (event: ControlEvent) => void;
  /** Failed and slow fan-outs so far (none without Redis). */
  fanout: () => FanoutMonitor["stats"] | undefined;
  /**
   * Closes every socket's transport (clients reconnect elsewhere and catch up); events
   * still flow to other instances through Redis until `stopEvents`.
   */
  closeSockets: () => void;
  /** Stops handing user events to Socket.IO: call once nothing can publish any more. */
  stopEvents: () => void;
};
export type GatewayDeps = { presence: PresenceStore; redis?: RedisDeps };

export async function startGateway(httpServer: HttpServer, config: Config, deps: GatewayDeps): Promise<Gateway> {
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
  // Socket.IO answers its own HTTP requests (polling, the handshake), before our listener.
  const securityHeaders = resourceSecurityHeaders(config);
  const addSecurityHeaders = (headers: Record<string, string>) => void Object.assign(headers, securityHeaders);
  io.engine.on("initial_headers", addSecurityHeaders);
  io.engine.on("headers", addSecurityHeaders);
  let monitor: FanoutMonitor | undefined;
  const adapter = attachAdapter(io, deps.redis, {
    failed: (rooms, error) => monitor?.failed(rooms, error),
    slow: (ms) => monitor?.slow(ms),
  });
  if (deps.redis) {
    monitor = new FanoutMonitor({ clients: deps.redis.clients, subscriptionsActive: adapter.subscriptionsActive, resync: (target) => resync(target) });
  }

  io.use((socket, next) => {
    admitSocket(socket, config, deps.presence).then(
      (data) => {
        socket.data = data;
        next();
      },
      (error: unknown) => {
        next(handshakeRefusal(error));
      },
    );
  });

  // Join first (with the Redis adapter, until the shard subscription is active), then
  // catch up: whatever commits after the join arrives live, whatever committed before it
  // is in the catch-up, and the client drops the overlap by id.
  io.on("connection", (socket) => {
    releaseHandshakeRequest(socket);
    const catchUps = serveCatchUps(socket, socket.data.userId, config.catchUpLimit);
    void (async () => {
      const room = userRoom(socket.data.userId);
      await socket.join(room);
      const subscribed = adapter.subscribed(room);
      if ((await settledWithin(subscribed, SUBSCRIBE_TIMEOUT_MS)) === "late") {
        // Redis is stalled: catch up now rather than wait on it, and once the subscription is
        // active, ask the client to catch up again (other instances' events of the meantime).
        noteLateSubscription();
        subscribed.then(
          () => void socket.emit("inbox:resync", { reason: "fanout_interrupted" }),
          () => socket.conn.close(),
        );
      }
      const since = readSince(socket.handshake.auth);
      if (since) catchUps.run(since);
    })().catch((error: unknown) => {
      log.warn({ userId: socket.data.userId, err: error }, "join failed; closing the connection so the client retries");
      socket.conn.close();
    });
  });

  function resync(target: ResyncTarget): void {
    const hint = { reason: "fanout_interrupted" } as const;
    if ("local" in target) io.local.emit("inbox:resync", hint);
    else if ("rooms" in target) io.to(target.rooms).emit("inbox:resync", hint);
    else io.emit("inbox:resync", hint);
  }

  // Ended sessions and disabled accounts: every instance hears the control event and
  // closes its own matching sockets, telling the client why first.
  async function endConnections({ userId, sessionId, reason }: EndConnections): Promise<void> {
    for (const socket of await io.local.in(userRoom(userId)).fetchSockets()) {
      if (sessionId && socket.data.sessionId !== sessionId) continue;
      socket.emit("session:ended", { reason });
      socket.disconnect(true);
    }
  }

  const stopEvents = onUserEvents((events) => {
    for (const { userId, event, payload } of events) {
      // UserEvent pairs each event with its payload, but emit's overloads cannot follow a
      // correlated union; the cast is checked where UserEvent is built.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      io.to(userRoom(userId)).emit(event, payload as never);
    }
  });

  return {
    io,
    control: (event) => {
      if (event.kind === "end-connections") {
        endConnections(event).catch((err: unknown) => log.error({ err }, "ending connections failed"));
      }
    },
    fanout: () => monitor?.stats,
    closeSockets: () => {
      // Close the transports without a Socket.IO disconnect: clients treat that as a
      // dropped connection and reconnect (to another instance, or to this one restarted),
      // then catch up. A server-side disconnect() would read as final.
      io.engine.close();
    },
    stopEvents: () => {
      stopEvents();
      monitor?.stop();
    },
  };
}

/**
 * What a failed handshake tells the client. A database that cannot be reached is not the
 * client's fault: `unavailable`, which clients retry, logged once per outage (not a stack
 * per handshake); anything else unexpected is logged and refused as `unauthorized`.
 */
function handshakeRefusal(error: unknown): HandshakeError {
  if (error instanceof HandshakeError) {
    recordHandshakeRefused(error.data.code);
    return error;
  }
  if (isDatabaseUnavailable(error)) {
    databaseUnavailableError(error);
    recordHandshakeRefused("unavailable");
    return new HandshakeError("unavailable", "The server cannot check this connection right now; retry shortly");
  }
  log.error({ err: error }, "handshake failed");
  recordHandshakeRefused("error");
  return new HandshakeError("unauthorized", "Authentication failed");
}

// Memory per socket: Socket.IO keeps the upgrade request (an IncomingMessage with every
// header, raw and parsed) for the connection's whole life, though nothing reads it once
// the handshake is built and checked. Socket.IO copes with a missing request (its
// handshake builder reads it optionally); the headers kept are the ones worth showing.
function releaseHandshakeRequest(socket: Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>): void {
  const { origin, "user-agent": userAgent } = socket.handshake.headers;
  socket.handshake.headers = { ...(origin ? { origin } : {}), ...(userAgent ? { "user-agent": userAgent } : {}) };
  (socket.conn as unknown as { request: unknown }).request = null;
}

/** "done" when `promise` settled (fulfilled or rejected: awaiting this rethrows) within `ms`, else "late". */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<"done" | "late"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  try {
    return await Promise.race([promise.then(() => "done" as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

let lateSince: number | undefined;

/** One line per minute of late subscriptions, not one per socket. */
function noteLateSubscription(): void {
  const now = Date.now();
  if (lateSince !== undefined && now - lateSince < 60_000) return;
  lateSince = now;
  log.warn({ timeoutMs: SUBSCRIBE_TIMEOUT_MS }, "redis subscription late: sockets caught up without waiting, and asked to catch up again once subscribed");
}
