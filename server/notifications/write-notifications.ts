// The write of one or more publishes: one statement, one round trip, atomic on its own
// (server/notifications/group-commit.ts puts publishes that arrive together into one). It
// locks the recipients in a fixed order (no deadlocks between concurrent writes) and writes
// nothing of a publish unless every one of its recipients exists; the others in the same
// statement are written all the same. A recipient who sees a notification in-app gets the
// next position and an unread count bump, in the order the rows are given (the lock holds
// until commit, so positions commit in order); one who turned in-app off gets a stored,
// already-read row without a position, which only its other channels and the delivery log
// use. Delivery decisions made before the write go in with it. Named, so each connection
// plans it once.
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { NOTIFICATION_COLUMNS, type NotificationRow } from "../inbox/notification-row.ts";

// Rows in order ($1-$4), each naming its publish (1-based) in content ($5-$10); a person's
// k-th in-app row of the statement gets their position + k, and the unread count and inbox
// version it would have had, written alone.
const WRITE_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::int[]) WITH ORDINALITY AS t(id, user_id, in_app, pub, ord)
  ), content AS (
    SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[])
      WITH ORDINALITY AS c(type, title, body, data, action_url, api_key_id, pub)
  ), locked AS (
    SELECT id FROM users WHERE id = ANY($2::text[]) ORDER BY id FOR UPDATE
  ), refused AS (
    SELECT DISTINCT i.pub FROM input i LEFT JOIN locked l ON l.id = i.user_id WHERE l.id IS NULL
  ), accepted AS (
    SELECT i.*, count(*) FILTER (WHERE i.in_app) OVER (PARTITION BY i.user_id ORDER BY i.ord) AS rank
    FROM input i WHERE i.pub NOT IN (SELECT pub FROM refused)
  ), bumped AS (
    UPDATE users u SET notification_seq = u.notification_seq + a.n, unread_count = u.unread_count + a.n,
                       inbox_version = u.inbox_version + a.n
    FROM (SELECT user_id, count(*) AS n FROM accepted WHERE in_app GROUP BY user_id) a
    WHERE u.id = a.user_id
    RETURNING u.id, u.notification_seq - a.n AS seq0, u.unread_count - a.n AS unread0, u.inbox_version - a.n AS version0
  ), inserted AS (
    INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url, read_at, api_key_id)
    SELECT a.id, a.user_id, CASE WHEN a.in_app THEN b.seq0 + a.rank END, c.type, c.title, c.body, c.data::jsonb,
           c.action_url, CASE WHEN a.in_app THEN NULL ELSE now() END, c.api_key_id
    FROM accepted a JOIN content c ON c.pub = a.pub LEFT JOIN bumped b ON b.id = a.user_id
    RETURNING ${NOTIFICATION_COLUMNS}
  ), decided AS (
    INSERT INTO deliveries (notification_id, channel, status, reason, due_at)
    SELECT d.notification_id, d.channel::"Channel", d.status::"DeliveryStatus", d.reason, now() + make_interval(secs => d.due_in)
    FROM unnest($11::uuid[], $12::text[], $13::text[], $14::text[], $15::int[]) AS d(notification_id, channel, status, reason, due_in)
    JOIN inserted i ON i.id = d.notification_id
  )
  SELECT i.*, CASE WHEN a.in_app THEN (b.unread0 + a.rank)::int END AS unread_count,
         CASE WHEN a.in_app THEN b.version0 + a.rank END AS inbox_version
  FROM inserted i JOIN accepted a ON a.id = i.id LEFT JOIN bumped b ON b.id = i.user_id`;

export type WrittenRow = NotificationRow & { unread_count: number | null; inbox_version: string | null };

/** `apiKeyId`: the key that published it, kept for the admin console's delivery log. */
export type NotificationContent = { type: string; title: string; body?: string; data?: Record<string, unknown>; actionUrl?: string; apiKeyId?: string };

/**
 * A delivery decision made before the write, for the recipient's row (server/dispatch/delivery-log.ts).
 * `dueInSeconds`: a pending email's delay; the row waits with its due time until it is swept into a job (server/jobs/due-emails.ts).
 */
export type RecipientDecision = { userId: string; channel: string; status: string; reason: string; dueInSeconds?: number };

/** One publish to write: a row per recipient (distinct), whether each shows in-app, and the decisions for their rows. */
export type PublishWrite = { recipients: string[]; inApp: boolean[]; content: NotificationContent; decisions: RecipientDecision[] };

/**
 * Writes several publishes in one statement; per publish its rows in recipient order, or
 * none at all when one of its recipients is unknown.
 */
export async function writeNotificationBatch(db: Pool | PoolClient, writes: PublishWrite[]): Promise<WrittenRow[][]> {
  const ids: string[] = [];
  const users: string[] = [];
  const inApp: boolean[] = [];
  const pubs: number[] = [];
  const idOf = new Map<string, string>(); // `${pub}:${userId}` -> the row's id
  const content = { type: [] as string[], title: [] as string[], body: [] as (string | null)[], data: [] as string[], url: [] as (string | null)[], key: [] as (string | null)[] };
  const decided = { id: [] as string[], channel: [] as string[], status: [] as string[], reason: [] as string[], dueIn: [] as (number | null)[] };
  writes.forEach((write, index) => {
    const pub = index + 1;
    write.recipients.forEach((userId, i) => {
      const id = randomUUID();
      ids.push(id);
      users.push(userId);
      inApp.push(write.inApp[i]);
      pubs.push(pub);
      idOf.set(`${pub}:${userId}`, id);
    });
    const c = write.content;
    content.type.push(c.type);
    content.title.push(c.title);
    content.body.push(c.body ?? null);
    content.data.push(JSON.stringify(c.data ?? {}));
    content.url.push(c.actionUrl ?? null);
    content.key.push(c.apiKeyId ?? null);
    for (const d of write.decisions) {
      decided.id.push(idOf.get(`${pub}:${d.userId}`)!);
      decided.channel.push(d.channel);
      decided.status.push(d.status);
      decided.reason.push(d.reason);
      decided.dueIn.push(d.dueInSeconds ?? null);
    }
  });
  const values = [ids, users, inApp, pubs, content.type, content.title, content.body, content.data, content.url, content.key, decided.id, decided.channel, decided.status, decided.reason, decided.dueIn];
  const { rows } = await db.query<WrittenRow>({ name: "publish-notifications", text: WRITE_SQL, values });
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Back in each publish's recipient order.
  let next = 0;
  return writes.map((write) => {
    const mine = ids.slice(next, (next += write.recipients.length));
    const written = mine.map((id) => byId.get(id)).filter((row) => row !== undefined);
    return written.length === mine.length ? written : [];
  });
}

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
  const [rows] = await writeNotificationBatch(db, [{ recipients, inApp, content, decisions }]);
  return rows;
}
