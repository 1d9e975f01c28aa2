// People's browsers that take Web Push: the W3C PushSubscription each one gave us. An
// endpoint belongs to one browser profile, so it belongs to whoever subscribed with it
// last: when someone else signs in on that browser and turns push on, the endpoint moves
// to them and the previous person's notifications stop going there.
import { ECDH, randomUUID } from "node:crypto";
import { z } from "zod";
import { sql } from "../../db/index.ts";
import { log } from "../../log.ts";
import { outboundUrl } from "../../net/outbound-url.ts";
import type { UserId } from "../../../lib/events.ts";
import type { PushTarget } from "./push-provider.ts";

/** Past this many, subscribing a new browser drops the person's oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

// Browsers send unpadded base64url; padding is tolerated and removed.
const base64urlKey = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .transform((v) => v.replace(/=+$/, ""))
    .refine((v) => /^[A-Za-z0-9_-]+$/.test(v) && Buffer.from(v, "base64url").length === bytes, `must be base64url of ${bytes} bytes (${what})`);

const p256dh = base64urlKey(65, "an uncompressed P-256 public key").refine(isCurvePoint, "is not a point on the P-256 curve");

/** PushSubscription.toJSON() from the browser. Unknown fields are ignored: browsers may add some. */
export const pushSubscriptionBody = z.object({
  endpoint: outboundUrl,
  // Accepted for compatibility; browsers that expire a subscription fire pushsubscriptionchange.
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh, auth: base64urlKey(16, "the auth secret") }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionBody>;

/** The endpoint as the browser reports it, normalised as stored. */
export const unsubscribeBody = z.strictObject({
  endpoint: z.string().min(1).max(2048).transform((v) => (URL.canParse(v) ? new URL(v).href : v)),
});

export type PushSubscriptionDto = { id: string; endpoint: string; userAgent: string | null; createdAt: string; lastUsedAt: string | null };

type Row = { id: string; endpoint: string; user_agent: string | null; created_at: Date; last_used_at: Date | null };
const COLUMNS = "id, endpoint, user_agent, created_at, last_used_at";

/** Stores (or moves to this person) one browser's subscription; `created` false when it was theirs already. */
export async function subscribePush(
  userId: UserId,
  input: PushSubscriptionInput,
  userAgent: string | undefined,
): Promise<{ subscription: PushSubscriptionDto; created: boolean }> {
  // Moved from another person, it counts as new for this one (the cap drops the oldest first).
  const { rows } = await sql().query<Row & { previous_user_id: string | null }>(
    `WITH previous AS (SELECT user_id FROM push_subscriptions WHERE endpoint = $3)
     INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
       user_agent = EXCLUDED.user_agent,
       created_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.created_at ELSE now() END,
       last_used_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.last_used_at END
     RETURNING ${COLUMNS}, (SELECT user_id FROM previous) AS previous_user_id`,
    [randomUUID(), userId, input.endpoint, input.keys.p256dh, input.keys.auth, userAgent?.slice(0, 300) ?? null],
  );
  const row = rows[0];
  // Keep the newest; the one just subscribed always stays.
  await sql().query(
    `DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN (
       SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY id = $2 DESC, created_at DESC, id DESC LIMIT $3)`,
    [userId, row.id, MAX_SUBSCRIPTIONS_PER_USER],
  );
  if (row.previous_user_id && row.previous_user_id !== userId) {
    log.info({ userId, previousUserId: row.previous_user_id, subscriptionId: row.id }, "push subscription moved to another person");
  }
  return { subscription: toDto(row), created: row.previous_user_id !== userId };
}

/** Removes one of the person's subscriptions, by endpoint or id; false when they have no such one. */
export async function unsubscribePush(userId: UserId, which: { endpoint: string } | { id: string }): Promise<boolean> {
  const { rowCount } =
    "endpoint" in which
      ? await sql().query("DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2", [userId, which.endpoint])
      : await sql().query("DELETE FROM push_subscriptions WHERE user_id = $1 AND id = $2", [userId, which.id]);
  return rowCount === 1;
}

export async function listPushSubscriptions(userId: UserId): Promise<PushSubscriptionDto[]> {
  const { rows } = await sql().query<Row>(`SELECT ${COLUMNS} FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id`, [userId]);
  return rows.map(toDto);
}

/** Where to send one person's pushes. */
export async function pushTargets(userId: UserId): Promise<(PushTarget & { id: string })[]> {
  const { rows } = await sql().query<{ id: string; endpoint: string; p256dh: string; auth: string }>({
    name: "push-targets",
    text: "SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at, id",
    values: [userId],
  });
  return rows.map((r) => ({ id: r.id, endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } }));
}

/** The push service said these no longer exist (404, 410). */
export async function removeSubscriptions(ids: string[]): Promise<void> {
  if (ids.length > 0) await sql().query("DELETE FROM push_subscriptions WHERE id = ANY($1::uuid[])", [ids]);
}

export async function markSubscriptionsUsed(ids: string[]): Promise<void> {
  if (ids.length > 0) await sql().query("UPDATE push_subscriptions SET last_used_at = now() WHERE id = ANY($1::uuid[])", [ids]);
}

function isCurvePoint(key: string): boolean {
  try {
    ECDH.convertKey(Buffer.from(key, "base64url"), "prime256v1");
    return true;
  } catch {
    return false;
  }
}

function toDto(r: Row): PushSubscriptionDto {
  return { id: r.id, endpoint: r.endpoint, userAgent: r.user_agent, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null };
}
