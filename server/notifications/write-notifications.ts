// The write of a publish: one statement, one round trip, atomic on its own. It locks the
// recipients in a fixed order (no deadlocks between concurrent publishes) and writes
// nothing at all unless every recipient exists. A recipient who sees it in-app gets the
// next position and an unread count bump (the lock holds until commit, so positions commit
// in order); one who turned in-app off gets a stored, already-read row without a position,
// which only its other channels and the delivery log use. Named, so each connection plans it once.
import type { Pool, PoolClient } from "pg";
import { NOTIFICATION_COLUMNS, type NotificationRow } from "../inbox/notification-row.ts";

const WRITE_SQL = `
  WITH input AS (
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
    INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url, read_at)
    SELECT gen_random_uuid(), i.user_id, b.notification_seq, $2, $3, $4, $5::jsonb, $6, CASE WHEN i.in_app THEN NULL ELSE now() END
    FROM input i LEFT JOIN bumped b ON b.id = i.user_id
    WHERE (SELECT ok FROM complete)
    RETURNING ${NOTIFICATION_COLUMNS}
  )
  SELECT i.*, b.unread_count, b.inbox_version FROM inserted i LEFT JOIN bumped b ON b.id = i.user_id`;

export type WrittenRow = NotificationRow & { unread_count: number | null; inbox_version: string | null };

export type NotificationContent = { type: string; title: string; body?: string; data?: Record<string, unknown>; actionUrl?: string };

/** Writes one notification per recipient; no rows at all when a recipient is unknown. */
export async function writeNotifications(
  db: Pool | PoolClient,
  recipients: string[],
  inApp: boolean[],
  content: NotificationContent,
): Promise<WrittenRow[]> {
  const { rows } = await db.query<WrittenRow>({
    name: "publish-notification",
    text: WRITE_SQL,
    values: [recipients, content.type, content.title, content.body ?? null, JSON.stringify(content.data ?? {}), content.actionUrl ?? null, inApp],
  });
  return rows;
}
