// A new password ends every session the person had: whoever knew the old one is out.
import { hashPassword } from "../auth/password.ts";
import { revokeUserSessions } from "../auth/sessions.ts";
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export async function setPassword(userId: UserId, password: string): Promise<void> {
  if (password.length < 8 || password.length > 1024) throw new AppError("validation_failed", "A password has 8 to 1024 characters");
  const { count } = await db().user.updateMany({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  if (count === 0) throw new AppError("not_found", `Unknown user ${userId}`);
  await revokeUserSessions(userId, "session_revoked");
}
