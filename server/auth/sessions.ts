// Browser sessions. The cookie is next-auth's signed and encrypted JWT, but a JWT alone
// cannot be taken back, so every one names a row here (`sid`) and every page, user API
// call and socket handshake checks that row: signing out, a new password or a disabled
// account ends the session at once on every instance, and its open sockets are closed.
import { decode } from "next-auth/jwt";
import type { PoolClient } from "pg";
import { z } from "zod";
import { getConfig } from "../config/index.ts";
import { sql } from "../db/index.ts";
import { CONTROL_CHANNEL, type EndConnections } from "../events/control-events.ts";
import type { UserId } from "../../lib/events.ts";

export type SessionId = string;
export type Role = "user" | "admin";
export type ActiveSession = { sessionId: SessionId; userId: UserId; email: string | null; name: string | null; role: Role };

/** A session lasts this long from sign-in, however active it is. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export async function createSession(input: { userId: UserId; userAgent?: string; ip?: string }): Promise<SessionId> {
  const { rows } = await sql().query<{ id: string }>(
    `INSERT INTO sessions (id, user_id, user_agent, ip, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
    [input.userId, input.userAgent?.slice(0, 500) ?? null, input.ip ?? null, SESSION_MAX_AGE_SECONDS],
  );
  return rows[0].id;
}

const claims = z.object({ sub: z.string().min(1), sid: z.uuid(), exp: z.number().optional() });

/** The person behind a session cookie, or null when it is forged, expired, signed out or the account is disabled. */
export async function verifySessionToken(token: string): Promise<ActiveSession | null> {
  const decoded = await decode({ token, secret: getConfig().authSecret }).catch(() => null);
  const parsed = claims.safeParse(decoded);
  if (!parsed.success) return null;
  const { sub, sid, exp } = parsed.data;
  if (exp !== undefined && exp * 1000 <= Date.now()) return null;
  return findActiveSession(sid, sub);
}

export async function findActiveSession(sessionId: SessionId, userId: UserId): Promise<ActiveSession | null> {
  const { rows } = await sql().query<{ id: string; email: string | null; name: string | null; role: Role }>({
    name: "active-session",
    text: `SELECT u.id, u.email, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
    values: [sessionId, userId],
  });
  const user = rows[0];
  return user ? { sessionId, userId: user.id, email: user.email, name: user.name, role: user.role } : null;
}

// Each revocation announces itself in the same statement (NOTIFY is delivered on commit),
// so every instance closes the sockets however and wherever the revocation happened.

/** Ends one session (sign-out) and closes the sockets opened with it. */
export async function revokeSession(sessionId: SessionId, reason: EndConnections["reason"] = "signed_out"): Promise<boolean> {
  const { rowCount } = await sql().query(
    `WITH revoked AS (UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING user_id)
     SELECT pg_notify($3, json_build_object('kind', 'end-connections', 'userId', user_id, 'sessionId', $1::text, 'reason', $2::text)::text)
     FROM revoked`,
    [sessionId, reason, CONTROL_CHANNEL],
  );
  return rowCount === 1;
}

/** Ends every session of a person (new password, disabled account) and closes their sockets. */
/**
 * Ends every session of a person and closes their sockets; with `client`, as part of the
 * caller's transaction (the NOTIFY is delivered when it commits).
 */
export async function revokeUserSessions(userId: UserId, reason: EndConnections["reason"], client: Pick<PoolClient, "query"> = sql()): Promise<number> {
  // A disabled account loses its token sockets too, so this is announced even with no session.
  const event: EndConnections = { kind: "end-connections", userId, reason };
  const { rows } = await client.query<{ revoked: string }>(
    `WITH revoked AS (UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT (SELECT count(*) FROM revoked) AS revoked, pg_notify($2, $3)`,
    [userId, CONTROL_CHANNEL, JSON.stringify(event)],
  );
  return Number(rows[0].revoked);
}

/** Deletes sessions that ended (expired or revoked) more than `days` ago. */
export async function pruneEndedSessions(days: number): Promise<number> {
  const { rowCount } = await sql().query(
    `DELETE FROM sessions WHERE coalesce(least(revoked_at, expires_at), expires_at) < now() - make_interval(days => $1)`,
    [days],
  );
  return rowCount ?? 0;
}
