// Sign-in throttling, per account and per client IP, over a sliding window: after
// SIGNIN_MAX_FAILURES failures for an email (or SIGNIN_MAX_FAILURES_PER_IP from one IP)
// within SIGNIN_WINDOW_SECONDS, every attempt is refused (the right password too) until the
// oldest counted failure leaves the window. Kept in PostgreSQL, so every instance agrees.
import { getConfig } from "../config/index.ts";
import { sql } from "../db/index.ts";

export type SignInKey = { email: string; ip: string };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Seconds until a new attempt is allowed, or 0 when it is allowed now. */
export async function signInRetryAfter({ email, ip }: SignInKey): Promise<number> {
  const { maxFailures, maxFailuresPerIp, windowSeconds } = getConfig().signIn;
  // The Nth newest failure within the window: once it ages out, fewer than N remain.
  const { rows } = await sql().query<{ until: Date | null }>({
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

export async function recordSignInFailure({ email, ip }: SignInKey): Promise<void> {
  await sql().query("INSERT INTO sign_in_failures (email, ip) VALUES ($1, $2)", [normaliseEmail(email).slice(0, 320), ip]);
}

/** A successful sign-in forgives the account's earlier failures (not the IP's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await sql().query("DELETE FROM sign_in_failures WHERE email = $1", [normaliseEmail(email)]);
}

/** Drops failures older than the window (run by a job). */
export async function pruneSignInFailures(): Promise<number> {
  const { rowCount } = await sql().query(
    "DELETE FROM sign_in_failures WHERE created_at < now() - make_interval(secs => $1)",
    [getConfig().signIn.windowSeconds],
  );
  return rowCount ?? 0;
}
