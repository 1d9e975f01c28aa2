// A signed-in person changes their own password: the current one must be right, and that
// check is throttled exactly like a sign-in (it takes a slot per account and per IP first,
// counted as a failure unless the password proves right), so a stolen session cannot be
// used to guess the password. The new one ends every session, the current one included.
import { verifyPassword } from "../auth/password.ts";
import { releaseSignInAttempt, reserveSignInAttempt } from "../auth/sign-in-throttle.ts";
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { setPassword } from "./set-password.ts";
import type { UserId } from "../../lib/events.ts";

export type PasswordChange = { userId: UserId; currentPassword: string; newPassword: string; ip: string };

/** Returns how many sessions ended (every one the person had). */
export async function changePassword({ userId, currentPassword, newPassword, ip }: PasswordChange): Promise<{ sessionsEnded: number }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  // A person without an email cannot sign in, so has no password to change.
  if (!user?.email || !user.passwordHash) throw new AppError("forbidden", "This account signs in without a password");
  const slot = await reserveSignInAttempt({ email: user.email, ip });
  if ("retryAfterSeconds" in slot) {
    const error = new AppError("rate_limited", `Too many failed attempts. Try again in ${slot.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: slot.retryAfterSeconds,
    });
    error.retryAfterSeconds = slot.retryAfterSeconds;
    throw error;
  }
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError("validation_failed", "The request is not valid", [{ path: "currentPassword", message: "is not your current password" }]);
  }
  await releaseSignInAttempt(slot.attemptId);
  return { sessionsEnded: await setPassword(userId, newPassword) };
}
