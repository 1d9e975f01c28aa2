// Disabling a person: no sign-in, every session ended, every socket closed (session and
// token alike), and no new user token or handshake until they are enabled again. The flag
// and the sessions change in one transaction: the caller's when it passes its client (the
// admin console's, which also holds the admins' row locks and writes the audit entry).
import type { PoolClient } from "pg";
import { revokeUserSessions } from "../auth/sessions.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export async function setUserDisabled(userId: UserId, disabled: boolean, client?: PoolClient): Promise<void> {
  if (!client) return withTransaction((own) => setUserDisabled(userId, disabled, own));
  const { rowCount } = await client.query(
    "UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1",
    [userId, disabled],
  );
  if (rowCount === 0) throw new AppError("not_found", `Unknown user ${userId}`);
  if (disabled) await revokeUserSessions(userId, "user_disabled", client);
}
