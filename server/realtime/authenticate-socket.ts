// Handshake checks, in order: the Origin must be allowed (browsers always send one;
// server-side clients send none and must bring a token), then a user token in
// `auth.token` or the browser's session cookie. Tokens never travel in URLs.
import type { IncomingHttpHeaders } from "node:http";
import { AppError } from "../errors.ts";
import { authenticateUser, originAllowed } from "../auth/authenticate-user.ts";
import type { ConnectErrorCode, UserId } from "../../lib/events.ts";

export class HandshakeError extends Error {
  readonly data: { code: ConnectErrorCode };
  constructor(code: ConnectErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export type Handshake = { headers: IncomingHttpHeaders; auth: Record<string, unknown> };

export async function authenticateSocket(handshake: Handshake): Promise<{ userId: UserId; sessionId?: string }> {
  if (!originAllowed(handshake.headers)) {
    throw new HandshakeError("origin_not_allowed", `Origin ${handshake.headers.origin} is not allowed`);
  }
  try {
    const who = await authenticateUser({ token: handshake.auth?.token, headers: handshake.headers });
    return who.via === "session" ? { userId: who.userId, sessionId: who.sessionId } : { userId: who.userId };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new HandshakeError(error.message === "Token expired" ? "token_expired" : "unauthorized", error.message);
  }
}
