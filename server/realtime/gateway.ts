// The realtime gateway: the only place that emits to sockets. Every authenticated
// socket joins its user's room; domain events are emitted to that room, which the
// adapter carries to whichever instances hold the user's other sockets.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Config } from "../config/index.ts";
import type { ControlEvent, EndConnections } from "../events/control-events.ts";
import { onUserEvents } from "../events/user-events.ts";
import { log } from "../log.ts";
import type { PresenceStore } from "../presence/presence-store.ts";
import type { RedisClients } from "../redis/connect-redis.ts";
import type { RedisNames } from "../redis/namespace.ts";
import { attachAdapter } from "./adapter.ts";
import { authenticateSocket, HandshakeError } from "./authenticate-socket.ts";
import { catchUp } from "../inbox/catch-up.ts";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents, UserId } from "../../lib/events.ts";

type InterServerEvents = Record<string, never>;
/** What the adapter may carry between instances about a socket: ids only, never credentials. */
type SocketData = { userId: UserId; sessionId?: string };

export type HeraldServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type HeraldSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const position = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

function catchUpSince(auth: HandshakeAuth): { lastSeq: number; lastVersion?: number } | undefined {
  const lastSeq = position(auth?.lastSeq);
  return lastSeq === undefined ? undefined : { lastSeq, lastVersion: position(auth.lastVersion) };
}

export const userRoom = (userId: UserId) => `user:${userId}`;
export const MAX_FRAME_BYTES = 10 * 1024;

export type Gateway = {
  io: HeraldServer;
  /** Acts on a control event (from the database's control channel). */
  control: (event: ControlEvent) => void;
  close: () => Promise<void>;
};
export type GatewayDeps = { presence: PresenceStore; redis?: { clients: RedisClients; names: RedisNames } };

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
  const adapter = attachAdapter(io, deps.redis);
  const { presence } = deps;

  io.use((socket, next) => {
    admit(socket).then(
      () => next(),
      (error: unknown) => {
        if (!(error instanceof HandshakeError)) log.error({ err: error }, "handshake failed");
        next(error instanceof HandshakeError ? error : new HandshakeError("unauthorized", "Authentication failed"));
      },
    );
  });

  async function admit(socket: HeraldSocket): Promise<void> {
    const who = await authenticateSocket({ headers: socket.handshake.headers, auth: socket.handshake.auth });
    // The adapter hands a socket's handshake and data to other instances (fetchSockets):
    // once checked, the credentials are dropped so they never cross Redis.
    delete socket.handshake.auth.token;
    delete socket.handshake.headers.cookie;
    delete socket.handshake.headers.authorization;
    socket.data = who.sessionId ? { userId: who.userId, sessionId: who.sessionId } : { userId: who.userId };
    const admitted = await presence.add(who.userId, socket.id, config.maxSocketsPerUser).catch((err: unknown) => {
      // Redis unavailable: let the person in rather than lock everyone out over a cap.
      log.warn({ err }, "presence unavailable; socket cap not checked");
      return true;
    });
    if (!admitted) {
      throw new HandshakeError("too_many_connections", `At most ${config.maxSocketsPerUser} connections per user`);
    }
    // The engine connection's close covers every way a socket ends, including a client that
    // went away while this handshake was still being checked (no disconnect event then).
    const remove = () => void presence.remove(who.userId, socket.id).catch((err: unknown) => log.warn({ err }, "presence remove failed"));
    if (socket.conn.readyState !== "open") {
      remove();
      throw new HandshakeError("unauthorized", "The connection closed during the handshake");
    }
    socket.conn.once("close", remove);
  }

  io.on("connection", (socket) => {
    void joinAndCatchUp(socket).catch((error: unknown) => {
      log.error({ userId: socket.data.userId, err: error }, "catch-up failed");
      socket.disconnect(true);
    });
  });

  // Join first (with the Redis adapter, until the shard subscription is active), then
  // catch up: whatever commits after the join arrives live, whatever committed before it
  // is in the catch-up, and the client drops the overlap by id.
  async function joinAndCatchUp(socket: HeraldSocket): Promise<void> {
    const room = userRoom(socket.data.userId);
    await socket.join(room);
    await adapter.subscribed(room);
    const since = catchUpSince(socket.handshake.auth);
    if (!since) return;
    socket.emit("inbox:catch-up", await catchUp(socket.data.userId, since, config.catchUpLimit));
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
    close: async () => {
      stopEvents();
      // Close the connections, not the Socket.IO sockets: a socket disconnected by the server
      // ("io server disconnect") is never retried by socket.io-client, while a closed
      // connection is, through the load balancer to another instance, with a catch-up.
      io.engine.close();
    },
  };
}
