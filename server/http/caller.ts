// Who is calling an /api/v1 route, decided by the router before any handler runs: each
// route declares the kind of caller it serves, so authorization cannot be forgotten.
import type { IncomingMessage } from "node:http";
import { authenticateApiKey } from "../auth/api-keys.ts";
import { authenticateUser, originAllowed } from "../auth/authenticate-user.ts";
import { bearerToken } from "../auth/api-keys.ts";
import { AppError } from "../errors.ts";
import { requireAdmin } from "../admin/guard.ts";
import type { UserId } from "../../lib/events.ts";

export type ServiceCaller = { kind: "service"; keyId: string; keyName: string };
export type UserCaller = { kind: "user"; userId: UserId; via: "token" | "session"; sessionId?: string };

/** Nobody in particular: a route whose request carries its own proof (an unsubscribe token). */
export type PublicCaller = { kind: "public" };

/**
 * A person signed in to the browser (session cookie) whose role is admin, checked on every
 * request. Never a user token: any service API key can mint one for any person, admins
 * included (POST /api/v1/users/{id}/token), so accepting it would hand every key the console.
 */
export type AdminCaller = { kind: "admin"; userId: UserId; via: "session"; sessionId: string };

export const ADMIN_NEEDS_SESSION = "The admin API accepts only an admin signed in to the console (session cookie), never a user token";

export type Callers = { service: ServiceCaller; user: UserCaller; admin: AdminCaller; public: PublicCaller };
export type CallerKind = keyof Callers;
export type Caller = Callers[CallerKind];

export async function authenticateCaller<K extends CallerKind>(kind: K, raw: IncomingMessage): Promise<Callers[K]> {
  if (kind === "public") return { kind: "public" } as Callers[K];
  if (kind === "service") {
    const key = await authenticateApiKey(raw.headers.authorization);
    return { kind: "service", keyId: key.id, keyName: key.name } as Callers[K];
  }
  const user = await authenticateUser({ token: bearerToken(raw.headers.authorization), headers: raw.headers });
  if (kind === "admin" && user.via !== "session") throw new AppError("forbidden", ADMIN_NEEDS_SESSION);
  if (kind === "admin") await requireAdmin(user.userId);
  // Cookies ride along on cross-site requests; a change made with one must come from our pages.
  if (user.via === "session" && raw.method !== "GET" && raw.method !== "HEAD" && !originAllowed(raw.headers)) {
    throw new AppError("forbidden", `Origin ${raw.headers.origin} is not allowed`);
  }
  if (kind === "admin" && user.via === "session") return { kind: "admin", userId: user.userId, via: "session", sessionId: user.sessionId } as Callers[K];
  const caller: UserCaller = { kind: "user", userId: user.userId, via: user.via };
  if (user.via === "session") caller.sessionId = user.sessionId;
  return caller as Callers[K];
}

/** For logs: which caller, never its credentials. */
export const describeCaller = (caller: Caller): string =>
  caller.kind === "service" ? `key:${caller.keyId}` : caller.kind === "public" ? "public" : `${caller.kind}:${caller.userId}`;
