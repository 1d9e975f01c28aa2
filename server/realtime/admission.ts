// The handshake: who is this (server/realtime/authenticate-socket.ts), then a place under
// the per-user socket cap (presence, across instances). Once checked, credentials are
// dropped from the handshake: the adapter hands a socket's handshake and data to other
// instances (fetchSockets), so they must never cross Redis.
import type { Socket } from "socket.io";
import type { Config } from "../config/index.ts";
import { log } from "../log.ts";
import type { PresenceStore } from "../presence/presence-store.ts";
import { authenticateSocket, HandshakeError } from "./authenticate-socket.ts";
import { disabledSince } from "../users/active-users.ts";
import type { UserId } from "../../lib/events.ts";

/** A handshake waits at most this long for presence (Redis) before letting the socket in uncounted. */
export const PRESENCE_TIMEOUT_MS = 1000;

/** What the adapter may carry between instances about a socket: ids only, never credentials. */
export type SocketData = { userId: UserId; sessionId?: string };

export async function admitSocket(socket: Socket, config: Config, presence: PresenceStore): Promise<SocketData> {
  const startedAt = Date.now();
  const who = await authenticateSocket({ headers: socket.handshake.headers, auth: socket.handshake.auth });
  delete socket.handshake.auth.token;
  delete socket.handshake.headers.cookie;
  delete socket.handshake.headers.authorization;
  const admitted = await capChecked(presence.add(who.userId, socket.id, config.maxSocketsPerUser));
  if (!admitted) throw new HandshakeError("too_many_connections", `At most ${config.maxSocketsPerUser} connections per user`);
  // The engine connection's close covers every way a socket ends, including a client that
  // went away while this handshake was still being checked (no disconnect event then).
  const remove = () => void presence.remove(who.userId, socket.id).catch((err: unknown) => log.warn({ err }, "presence remove failed"));
  if (socket.conn.readyState !== "open") {
    remove();
    throw new HandshakeError("unauthorized", "The connection closed during the handshake");
  }
  // Disabled while this handshake was being checked: the sockets the disable closed did not
  // include this one yet, so it must not join the room now.
  if (disabledSince(who.userId, startedAt)) {
    remove();
    throw new HandshakeError("unauthorized", "This user is disabled or unknown");
  }
  socket.conn.once("close", remove);
  return who.sessionId ? { userId: who.userId, sessionId: who.sessionId } : { userId: who.userId };
}

let capUnchecked = false;

/**
 * The cap's answer, or true when presence fails or does not answer in time (Redis down or
 * stalled): let the person in rather than lock everyone out over a cap. Logged once until
 * presence answers again, not once per handshake.
 */
async function capChecked(add: Promise<boolean>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const admitted = await Promise.race([
      add,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`presence did not answer within ${PRESENCE_TIMEOUT_MS} ms`)), PRESENCE_TIMEOUT_MS))),
    ]);
    if (capUnchecked) log.info("presence answers again; socket cap checked");
    capUnchecked = false;
    return admitted;
  } catch (err) {
    // A late answer or failure of the add is of no further use.
    add.catch(() => {});
    if (!capUnchecked) log.warn({ err }, "presence unavailable; socket cap not checked until it answers again");
    capUnchecked = true;
    return true;
  } finally {
    clearTimeout(timer);
  }
}
