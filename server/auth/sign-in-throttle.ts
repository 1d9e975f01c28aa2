// Sign-in throttling, per account and per client IP, over a sliding window: after
// SIGNIN_MAX_FAILURES failures for an email (or SIGNIN_MAX_FAILURES_PER_IP from one IP)
// within SIGNIN_WINDOW_SECONDS, every attempt is refused (the right password too) until the
// oldest counted failure leaves the window. Kept in PostgreSQL, so every instance agrees.
// Concurrent attempts cannot pass the check together: each takes its slot first (a failure
// row, under a lock per account and per IP), is checked against the others, and only then
// has its password verified; a success takes its slot back.
import type { PoolClient } from "pg";
import { getConfig } from "../config/index.ts";
import { sql } from "../db/index.ts";
import { withTransaction } from "../db/transaction.ts";

export type SignInKey = { email: string; ip: string };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Seconds until a new attempt is allowed, or 0 when it is allowed now. */
export async function signInRetryAfter({ email, ip }: SignInKey, client: Pick<PoolClient, "query"> = sql()): Promise<number> {
  const { maxFailures, maxFailuresPerIp, windowSeconds } = getConfig().signIn;
  // The Nth newest failure within the window: once it ages out, fewer than N remain.
  const { rows } = await client.query<{ until: Date | null }>({
    name: "sign-in-throttle",
    text: `SELECT greatest(
             (SELECT created_at FROM sign_in_failures WHERE email = $1 AND created_at > now() - make_interval(secs => $5)
              ORDER BY created_at DESC OFFSET $3 - 1 LIMIT 1),
             (SELECT created_at FROM sign_in_failures WHERE ip = $2 AND created_at > now() - make_interval(secs => $5)
              ORDER BY created_at DESC OFFSET $4 - 1 LIMIT 1)
           ) + make_interval(secs => $5) AS until`,
    values: [normaliseEmail(email), ip, maxFailures, maxFailuresPerIp, windowSeconds],
  });
  const until = rows[0]?.until;
  return until ? Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)) : 0;
}

/**
 * Takes a slot for one attempt before its password is checked: a failure row, written only
 * when the account and the IP are under their limits, which stays a failure unless the
 * attempt succeeds. Attempts for one account (or from one IP) take their slots one at a
 * time, so a burst gets at most the limit's worth of password checks.
 */
export async function reserveSignInAttempt({ email, ip }: SignInKey): Promise<{ retryAfterSeconds: number } | { attemptId: string }> {
  const account = normaliseEmail(email).slice(0, 320);
  return withTransaction(async (client) => {
    // Always the account's lock before the IP's, so two attempts never wait on each other in a circle.
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('herald:sign-in:email:' || $1, 0))", [account]);
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('herald:sign-in:ip:' || $1, 0))", [ip]);
    const retryAfterSeconds = await signInRetryAfter({ email: account, ip }, client);
    if (retryAfterSeconds > 0) return { retryAfterSeconds };
    const { rows } = await client.query<{ id: string }>("INSERT INTO sign_in_failures (email, ip) VALUES ($1, $2) RETURNING id::text", [account, ip]);
    return { attemptId: rows[0].id };
  });
}

/** A successful sign-in takes its slot back and forgives the account's earlier failures (not the IP's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await sql().query("DELETE FROM sign_in_failures WHERE email = $1", [normaliseEmail(email).slice(0, 320)]);
}

/** An attempt whose password proved right gives its slot back (the account's earlier failures stay). */
export async function releaseSignInAttempt(attemptId: string): Promise<void> {
  await sql().query("DELETE FROM sign_in_failures WHERE id = $1", [attemptId]);
}

/** Drops failures older than the window (run by a job). */
export async function pruneSignInFailures(): Promise<number> {
  const { rowCount } = await sql().query(
    "DELETE FROM sign_in_failures WHERE created_at < now() - make_interval(secs => $1)",
    [getConfig().signIn.windowSeconds],
  );
  return rowCount ?? 0;
}
