// The hot path: route, persist, then publish. Rows are committed to PostgreSQL before any
// socket hears of them (Redis pub/sub is not durable, the database is the record).
import { z } from "zod";
import { db, sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { emitUserEvents, type UserEvent } from "../events/user-events.ts";
import type { PoolClient } from "pg";
import { planDispatch, type DispatchPlan } from "../dispatch/plan-dispatch.ts";
import { rowToDto } from "../inbox/notification-row.ts";
import { emailSend } from "../jobs/definitions/email-send.ts";
import { pushSend } from "../jobs/definitions/push-send.ts";
import { sendJobsInTransaction, type JobToSend } from "../jobs/queue.ts";
import { CHANNELS, typeKey } from "../types/type-definition.ts";
import { writeNotifications, type NotificationContent, type RecipientDecision, type WrittenRow } from "./write-notifications.ts";
import type { NotificationNewPayload } from "../../lib/events.ts";
import { observePublishCommit, observePublishEmit } from "../observability/record.ts";
import { actionUrlSchema } from "./action-url.ts";

export const MAX_RECIPIENTS = 1000;
export const MAX_DATA_BYTES = 8 * 1024;

const userIdSchema = z.string().min(1).max(200);

export const publishNotificationBody = z.strictObject({
  recipients: z.array(userIdSchema).min(1).max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients`),
  type: typeKey,
  title: z.string().trim().min(1).max(200),
  body: z.string().max(5000).optional(),
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => Buffer.byteLength(JSON.stringify(d)) <= MAX_DATA_BYTES, `at most ${MAX_DATA_BYTES} bytes as JSON`)
    .optional(),
  actionUrl: actionUrlSchema().optional(),
});

export type PublishNotificationInput = z.infer<typeof publishNotificationBody>;

/** One recipient's notification; `shownInApp` false when they turned in-app off for its type. */
export type PublishedNotification = NotificationNewPayload & { shownInApp: boolean };

/**
 * Publishes one notification: routes it per recipient (type, preferences, presence),
 * writes it, its delivery decisions and its push and email jobs in one transaction (a
 * notification shown only in-app needs just the one statement), then hands the in-app
 * ones to the gateway. Providers never hold up in-app delivery: their jobs run after commit.
 * `startedAt`: performance.now() when the request arrived, for the latency metrics.
 */
export async function publishNotification(
  input: PublishNotificationInput,
  startedAt = performance.now(),
  publishedBy?: { apiKeyId: string },
): Promise<PublishedNotification[]> {
  const content = { ...input, apiKeyId: publishedBy?.apiKeyId };
  const recipients = [...new Set(input.recipients)];
  const plan = await planDispatch(input.type, recipients);
  const inApp = recipients.map((u) => plan.routes.get(u)!.in_app.action === "deliver");
  const rows = plan.needsTransaction
    ? await withTransaction((client) => writeWithChannels(client, recipients, inApp, content, plan))
    : await writeNotifications(sql(), recipients, inApp, content);
  if (rows.length !== recipients.length) throw await unknownRecipientsError(recipients);
  observePublishCommit(startedAt);
  const published = rows.map(({ unread_count, inbox_version, ...row }) => ({
    notification: rowToDto(row),
    unreadCount: unread_count ?? 0,
    version: Number(inbox_version ?? 0),
    shownInApp: row.seq !== null,
  }));
  emitUserEvents(
    published
      .filter((p) => p.shownInApp)
      .map(({ shownInApp: _, ...payload }): UserEvent => ({ userId: payload.notification.userId, event: "notification:new", payload })),
  );
  observePublishEmit(startedAt);
  return published;
}

/** The notifications, their delivery decisions (one statement) and their channel jobs (one more), in one transaction. */
async function writeWithChannels(
  client: PoolClient,
  recipients: string[],
  inApp: boolean[],
  content: NotificationContent,
  plan: DispatchPlan,
): Promise<WrittenRow[]> {
  const decisions: RecipientDecision[] = [];
  for (const [userId, route] of plan.routes) {
    for (const channel of CHANNELS) {
      const step = route[channel];
      if (step.action === "skip") decisions.push({ userId, channel, status: "skipped", reason: step.reason });
      if (step.action === "queue") decisions.push({ userId, channel, status: "pending", reason: step.reason });
    }
  }
  const rows = await writeNotifications(client, recipients, inApp, content, decisions);
  if (rows.length !== recipients.length) return rows; // unknown recipients: nothing was written
  const jobs: JobToSend[] = [];
  for (const row of rows) {
    const route = plan.routes.get(row.user_id)!;
    for (const channel of ["push", "email"] as const) {
      const step = route[channel];
      if (step.action !== "queue") continue;
      const definition = channel === "push" ? pushSend : emailSend;
      jobs.push({ definition, payload: { notificationId: row.id }, startAfterSeconds: step.afterSeconds, singletonKey: `${row.id}:${channel}` });
    }
  }
  await sendJobsInTransaction(client, jobs);
  return rows;
}

async function withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
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

async function unknownRecipientsError(recipients: string[]): Promise<AppError> {
  const known = await db().user.findMany({ where: { id: { in: recipients } }, select: { id: true } });
  const knownIds = new Set(known.map((u) => u.id));
  const unknown = recipients.filter((r) => !knownIds.has(r));
  return new AppError("validation_failed", "Unknown recipients: register them with PUT /api/v1/users/{userId}", [
    { path: "recipients", message: `unknown user ids: ${unknown.slice(0, 20).join(", ")}`, unknown },
  ]);
}
