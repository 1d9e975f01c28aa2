// Signing in with an email and password: throttled per account and per client IP, and
// each success opens a session row that the cookie will name.
import { authenticatePerson, type Person } from "./authenticate-person.ts";
import { createSession, type SessionId } from "./sessions.ts";
import { clearAccountFailures, reserveSignInAttempt } from "./sign-in-throttle.ts";

export type SignInAttempt = { email: string; password: string; ip: string; userAgent?: string };
export type SignInResult =
  | { ok: true; person: Person; sessionId: SessionId }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function signInWithPassword(attempt: SignInAttempt): Promise<SignInResult> {
  // The attempt counts as a failure from here on, unless the password is right.
  const slot = await reserveSignInAttempt(attempt);
  if ("retryAfterSeconds" in slot) return { ok: false, reason: "throttled", retryAfterSeconds: slot.retryAfterSeconds };
  const person = await authenticatePerson(attempt.email, attempt.password);
  if (!person) return { ok: false, reason: "invalid" };
  await clearAccountFailures(attempt.email);
  const sessionId = await createSession({ userId: person.id, userAgent: attempt.userAgent, ip: attempt.ip });
  return { ok: true, person, sessionId };
}
