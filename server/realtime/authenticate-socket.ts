// Handshake checks, in order: the Origin must be allowed (browsers always send one;
// server-side clients send none and must bring a token), then either a user token in
// `auth.token` or the browser's next-auth session cookie. Tokens never travel in URLs.
import { decode } from "next-auth/jwt";
import type { IncomingHttpHeaders } from "node:http";
import { getConfig } from "../config/index.ts";
import { AppError } from "../errors.ts";
import { verifyUserToken } from "../auth/user-token.ts";
import { SESSION_COOKIE_NAMES } from "../auth/auth-options.ts";
import type { ConnectErrorCode, UserId } from "../../lib/events.ts";

export class HandshakeError extends Error {
  readonly data: { code: ConnectErrorCode };
  constructor(code: ConnectErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export type Handshake = { headers: IncomingHttpHeaders; auth: Record<string, unknown> };

export async function authenticateSocket(handshake: Handshake): Promise<UserId> {
  const config = getConfig();
  const origin = handshake.headers.origin;
  if (origin && !config.allowedOrigins.includes(origin)) {
    throw new HandshakeError("origin_not_allowed", `Origin ${origin} is not allowed`);
  }
  const token = handshake.auth?.token;
  if (token !== undefined) {
    if (typeof token !== "string" || token.length > 4096) throw new HandshakeError("unauthorized", "Invalid token");
    try {
      return await verifyUserToken(token);
    } catch (error) {
      const message = error instanceof AppError ? error.message : "Invalid token";
      throw new HandshakeError(message === "Token expired" ? "token_expired" : "unauthorized", message);
    }
  }
  const sessionToken = readCookie(handshake.headers.cookie, SESSION_COOKIE_NAMES);
  if (sessionToken) {
    const session = await decode({ token: sessionToken, secret: config.authSecret }).catch(() => null);
    if (session?.sub && (!session.exp || Number(session.exp) * 1000 > Date.now())) return session.sub;
    throw new HandshakeError("unauthorized", "Invalid or expired session");
  }
  throw new HandshakeError("unauthorized", "Authentication required: pass auth.token or sign in");
}

function readCookie(header: string | undefined, names: readonly string[]): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (names.includes(name)) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
