// A new password ends every session the person had: whoever knew the old one is out. The
// new hash and the ended sessions commit together.
import { hashPassword } from "../auth/password.ts";
import { revokeUserSessions } from "../auth/sessions.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/** Returns how many sessions ended. */
export async function setPassword(userId: UserId, password: string): Promise<number> {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError("validation_failed", `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(password);
  return withTransaction(async (client) => {
    const { rowCount } = await client.query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", [userId, passwordHash]);
    if (rowCount === 0) throw new AppError("not_found", `Unknown user ${userId}`);
    return revokeUserSessions(userId, "session_revoked", client);
  });
}
