// Who is this? For the user API and the socket handshake alike: a user token (Bearer
// header or Socket.IO auth.token), else the browser's next-auth session cookie.
import { decode } from "next-auth/jwt";
import type { IncomingHttpHeaders } from "node:http";
import { getConfig } from "../config/index.ts";
import { AppError } from "../errors.ts";
import { SESSION_COOKIE_NAMES } from "./auth-options.ts";
import { verifyUserToken } from "./user-token.ts";
import type { UserId } from "../../lib/events.ts";

export type Credentials = { token?: unknown; headers: IncomingHttpHeaders };
export type AuthenticatedUser = { userId: UserId; via: "token" | "session" };

export async function authenticateUser({ token, headers }: Credentials): Promise<AuthenticatedUser> {
  if (token !== undefined) {
    if (typeof token !== "string" || token.length > 4096) throw new AppError("unauthorized", "Invalid token");
    return { userId: await verifyUserToken(token), via: "token" };
  }
  const sessionToken = readCookie(headers.cookie, SESSION_COOKIE_NAMES);
  if (sessionToken) {
    const session = await decode({ token: sessionToken, secret: getConfig().authSecret }).catch(() => null);
    if (session?.sub && (!session.exp || Number(session.exp) * 1000 > Date.now())) return { userId: session.sub, via: "session" };
    throw new AppError("unauthorized", "Invalid or expired session");
  }
  throw new AppError("unauthorized", "Authentication required: pass a user token or sign in");
}

/** True when a browser request comes from a page we serve (or from no browser at all). */
export function originAllowed(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  return origin === undefined || getConfig().allowedOrigins.includes(origin);
}

function readCookie(header: string | undefined, names: readonly string[]): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (names.includes(part.slice(0, eq).trim())) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
