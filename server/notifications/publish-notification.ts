// The hot path: persist, then publish. Rows are committed to PostgreSQL before any
// socket hears of them (Redis pub/sub is not durable, the database is the record).
import { z } from "zod";
import { db, sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { emitUserEvents, type UserEvent } from "../events/user-events.ts";
import { NOTIFICATION_COLUMNS, rowToDto, type NotificationRow } from "../inbox/notification-row.ts";
import type { NotificationNewPayload } from "../../lib/events.ts";
import { observePublishCommit, observePublishEmit } from "../observability/record.ts";
import { actionUrlSchema } from "./action-url.ts";

export const MAX_RECIPIENTS = 1000;
export const MAX_DATA_BYTES = 8 * 1024;

const userIdSchema = z.string().min(1).max(200);

export const publishNotificationBody = z.strictObject({
  recipients: z.array(userIdSchema).min(1).max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients`),
  type: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,99}$/, "1-100 letters, digits, '.', '_', ':' or '-'"),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(5000).optional(),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => Buffer.byteLength(JSON.stringify(d)) <= MAX_DATA_BYTES, `at most ${MAX_DATA_BYTES} bytes as JSON`)
    .optional(),
  actionUrl: actionUrlSchema().optional(),
});

export type PublishNotificationInput = z.infer<typeof publishNotificationBody>;

export type PublishedNotification = NotificationNewPayload;

type PublishedRow = NotificationRow & { unread_count: number; inbox_version: string };

// One statement, one round trip, atomic on its own. It locks the recipients in a fixed
// order (no deadlocks between concurrent publishes), takes each one's next position and
// unread count (the lock holds until commit, so positions commit in order), and writes
// nothing at all unless every recipient exists. Named, so each connection plans it once.
const PUBLISH_SQL = `
  WITH locked AS (
    SELECT id FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
  ), bumped AS (
    UPDATE users SET notification_seq = notification_seq + 1, unread_count = unread_count + 1,
                     inbox_version = inbox_version + 1
    WHERE id IN (SELECT id FROM locked) AND (SELECT count(*) FROM locked) = cardinality($1::text[])
    RETURNING id, notification_seq, unread_count, inbox_version
  ), inserted AS (
    INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url)
    SELECT gen_random_uuid(), b.id, b.notification_seq, $2, $3, $4, $5::jsonb, $6
    FROM bumped b
    RETURNING ${NOTIFICATION_COLUMNS}
  )
  SELECT i.*, b.unread_count, b.inbox_version FROM inserted i JOIN bumped b ON b.id = i.user_id`;

/** `startedAt`: performance.now() when the request arrived, for the latency metrics. */
export async function publishNotification(input: PublishNotificationInput, startedAt = performance.now()): Promise<PublishedNotification[]> {
  const recipients = [...new Set(input.recipients)];
  const { rows } = await sql().query<PublishedRow>({
    name: "publish-notification",
    text: PUBLISH_SQL,
    values: [recipients, input.type, input.title, input.body ?? null, JSON.stringify(input.data ?? {}), input.actionUrl ?? null],
  });
  if (rows.length !== recipients.length) throw await unknownRecipientsError(recipients);
  observePublishCommit(startedAt);
  const published = rows.map(({ unread_count, inbox_version, ...row }) => ({
    notification: rowToDto(row),
    unreadCount: unread_count,
    version: Number(inbox_version),
  }));
  emitUserEvents(published.map((p): UserEvent => ({ userId: p.notification.userId, event: "notification:new", payload: p })));
  observePublishEmit(startedAt);
  return published;
}

async function unknownRecipientsError(recipients: string[]): Promise<AppError> {
  const known = await db().user.findMany({ where: { id: { in: recipients } }, select: { id: true } });
  const knownIds = new Set(known.map((u) => u.id));
  const unknown = recipients.filter((r) => !knownIds.has(r));
  return new AppError("validation_failed", "Unknown recipients: register them with PUT /api/v1/users/{userId}", [
    { path: "recipients", message: `unknown user ids: ${unknown.slice(0, 20).join(", ")}`, unknown },
  ]);
}
