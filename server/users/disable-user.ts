// Disabling a person: no sign-in, every session ended, every socket closed (session and
// token alike), and no new user token or handshake until they are enabled again.
import { revokeUserSessions } from "../auth/sessions.ts";
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export async function setUserDisabled(userId: UserId, disabled: boolean): Promise<void> {
  const { count } = await db().user.updateMany({
    where: { id: userId },
    data: { disabledAt: disabled ? new Date() : null },
  });
  if (count === 0) throw new AppError("not_found", `Unknown user ${userId}`);
  if (disabled) await revokeUserSessions(userId, "user_disabled");
}
