// The signed-in person, for server components and server actions: the session cookie,
// checked against its session row (so a signed-out or disabled session is no session), and
// the person's current role from the database rather than from the cookie.
import { cookies } from "next/headers";
import { SESSION_COOKIE_NAMES } from "./auth-options.ts";
import { verifySessionToken, type Role } from "./sessions.ts";

export type SessionUser = { id: string; email: string | null; name: string | null; role: Role; sessionId: string };

export async function getSessionUser(): Promise<SessionUser | null> {
  const store = await cookies();
  const token = SESSION_COOKIE_NAMES.map((name) => store.get(name)?.value).find(Boolean);
  if (!token) return null;
  const session = await verifySessionToken(token);
  if (!session) return null;
  return { id: session.userId, email: session.email, name: session.name, role: session.role, sessionId: session.sessionId };
}
