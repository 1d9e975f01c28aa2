// The write of a publish: one statement, one round trip, atomic on its own. It locks the
// recipients in a fixed order (no deadlocks between concurrent publishes) and writes
// nothing at all unless every recipient exists. A recipient who sees it in-app gets the
// next position and an unread count bump (the lock holds until commit, so positions commit
// in order); one who turned in-app off gets a stored, already-read row without a position,
// which only its other channels and the delivery log use. Delivery decisions made before the
// write go in with it. Named, so each connection plans it once.
import type { Pool, PoolClient } from "pg";
import { NOTIFICATION_COLUMNS, type NotificationRow } from "../inbox/notification-row.ts";

const CTES = `
  input AS (
    SELECT * FROM unnest($1::text[], $7::boolean[]) AS t(user_id, in_app)
  ), locked AS (
    SELECT id FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
  ), complete AS (
    SELECT (SELECT count(*) FROM locked) = cardinality($1::text[]) AS ok
  ), bumped AS (
    UPDATE users SET notification_seq = notification_seq + 1, unread_count = unread_count + 1,
                     inbox_version = inbox_version + 1
    WHERE id IN (SELECT user_id FROM input WHERE in_app) AND (SELECT ok FROM complete)
    RETURNING id, notification_seq, unread_count, inbox_version
  ), inserted AS (
    INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url, read_at, api_key_id)
    SELECT gen_random_uuid(), i.user_id, b.notification_seq, $2, $3, $4, $5::jsonb, $6, CASE WHEN i.in_app THEN NULL ELSE now() END, $8::uuid
    FROM input i LEFT JOIN bumped b ON b.id = i.user_id
    WHERE (SELECT ok FROM complete)
    RETURNING ${NOTIFICATION_COLUMNS}
  )`;

// Delivery decisions made before the write, matched to each recipient's new row.
const DECISIONS_CTE = `, decided AS (
    INSERT INTO deliveries (notification_id, channel, status, reason)
    SELECT i.id, d.channel::"Channel", d.status::"DeliveryStatus", d.reason
    FROM unnest($9::text[], $10::text[], $11::text[], $12::text[]) AS d(user_id, channel, status, reason)
    JOIN inserted i ON i.user_id = d.user_id
  )`;

const RESULT = "SELECT i.*, b.unread_count, b.inbox_version FROM inserted i LEFT JOIN bumped b ON b.id = i.user_id";
const WRITE_ONLY_SQL = `WITH ${CTES} ${RESULT}`;
const WRITE_WITH_DECISIONS_SQL = `WITH ${CTES}${DECISIONS_CTE} ${RESULT}`;

export type WrittenRow = NotificationRow & { unread_count: number | null; inbox_version: string | null };

/** `apiKeyId`: the key that published it, kept for the admin console's delivery log. */
export type NotificationContent = { type: string; title: string; body?: string; data?: Record<string, unknown>; actionUrl?: string; apiKeyId?: string };

/** A delivery decision made before the write, for the recipient's row (server/dispatch/delivery-log.ts). */
export type RecipientDecision = { userId: string; channel: string; status: string; reason: string };

/**
 * Writes one notification per recipient, and the decisions for their rows; no rows at all
 * when a recipient is unknown.
 */
export async function writeNotifications(
  db: Pool | PoolClient,
  recipients: string[],
  inApp: boolean[],
  content: NotificationContent,
  decisions: RecipientDecision[] = [],
): Promise<WrittenRow[]> {
  const values = [recipients, content.type, content.title, content.body ?? null, JSON.stringify(content.data ?? {}), content.actionUrl ?? null, inApp, content.apiKeyId ?? null];
  const query =
    decisions.length === 0
      ? { name: "publish-notification", text: WRITE_ONLY_SQL, values }
      : {
          name: "publish-notification-decided",
          text: WRITE_WITH_DECISIONS_SQL,
          values: [...values, ...(["userId", "channel", "status", "reason"] as const).map((k) => decisions.map((d) => d[k]))],
        };
  const { rows } = await db.query<WrittenRow>(query);
  return rows;
}
