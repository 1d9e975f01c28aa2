// Who is this? For the user API and the socket handshake alike: a user token (Bearer
// header or Socket.IO auth.token), else the browser's session cookie, checked against its
// session row. Disabled people are refused either way.
import type { IncomingHttpHeaders } from "node:http";
import { getConfig } from "../config/index.ts";
import { AppError } from "../errors.ts";
import { SESSION_COOKIE_NAMES } from "./auth-options.ts";
import { verifySessionToken } from "./sessions.ts";
import { verifyUserToken } from "./user-token.ts";
import { isActiveUser } from "../users/active-users.ts";
import type { UserId } from "../../lib/events.ts";

export type Credentials = { token?: unknown; headers: IncomingHttpHeaders };
export type AuthenticatedUser = { userId: UserId; via: "token" } | { userId: UserId; via: "session"; sessionId: string };

export async function authenticateUser({ token: presented, headers }: Credentials): Promise<AuthenticatedUser> {
  if (presented !== undefined) {
    if (typeof presented !== "string" || presented.length > 4096) throw new AppError("unauthorized", "Invalid token");
    const userId = await verifyUserToken(presented);
    if (!(await isActiveUser(userId))) throw new AppError("unauthorized", "This user is disabled or unknown");
    return { userId, via: "token" };
  }
  const sessionToken = readCookie(headers.cookie, SESSION_COOKIE_NAMES);
  if (sessionToken) {
    const session = await verifySessionToken(sessionToken);
    if (session) return { userId: session.userId, via: "session", sessionId: session.sessionId };
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
    if (!names.includes(part.slice(0, eq).trim())) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // malformed %-escapes: no usable cookie
    }
  }
  return undefined;
}
