// Disabling a person: no sign-in, every session ended, every socket closed (session and
// token alike), and no new user token or handshake until they are enabled again. The flag
// and the sessions change in one transaction: the caller's when it passes its client (the
// admin console's, which also holds the admins' row locks and writes the audit entry).
import type { Pool, PoolClient } from "pg";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL, type EndConnections } from "../events/control-events.ts";
import type { UserId } from "../../lib/events.ts";

export async function setUserDisabled(userId: UserId, disabled: boolean, client?: PoolClient): Promise<void> {
  if (!client) return inTransaction((own) => setUserDisabled(userId, disabled, own));
  const { rowCount } = await client.query(
    "UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1",
    [userId, disabled],
  );
  if (rowCount === 0) throw new AppError("not_found", `Unknown user ${userId}`);
  if (disabled) await revokeUserSessionsWith(client, userId, "user_disabled");
}

/**
 * Ends every session of a person and closes their sockets, as revokeUserSessions
 * (server/auth/sessions.ts) does, but with the caller's client so it is part of their
 * transaction (the NOTIFY is delivered when it commits). A disabled account loses its
 * token sockets too, so this is announced even with no session.
 */
export async function revokeUserSessionsWith(client: Pool | PoolClient, userId: UserId, reason: EndConnections["reason"]): Promise<number> {
  const event: EndConnections = { kind: "end-connections", userId, reason };
  const { rows } = await client.query<{ revoked: string }>(
    `WITH revoked AS (UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT (SELECT count(*) FROM revoked) AS revoked, pg_notify($2, $3)`,
    [userId, CONTROL_CHANNEL, JSON.stringify(event)],
  );
  return Number(rows[0].revoked);
}

async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sql().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
