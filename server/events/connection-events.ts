// How the domain says that connections must end (a session signed out or revoked, an
// account disabled): the gateway disconnects the matching sockets on every instance.
import { createBus } from "./bus.ts";
import type { UserId } from "../../lib/events.ts";

export type EndConnections = {
  userId: UserId;
  /** Only the sockets opened with this browser session; all of the user's sockets when omitted. */
  sessionId?: string;
  reason: "signed_out" | "session_revoked" | "user_disabled";
};

const bus = createBus<EndConnections>("end-connections");

export const endConnections = bus.emit;
export const onEndConnections = bus.on;
