// The hot path: route, persist, then publish. Rows are committed to PostgreSQL before any
// socket hears of them (Redis pub/sub is not durable, the database is the record).
import { z } from "zod";
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { emitUserEvents, type UserEvent } from "../events/user-events.ts";
import type { PoolClient } from "pg";
import { getConfig } from "../config/index.ts";
import { withTransaction } from "../db/transaction.ts";
import { planDispatch } from "../dispatch/plan-dispatch.ts";
import { rowToDto } from "../inbox/notification-row.ts";
import { typeKey } from "../types/type-definition.ts";
import { groupKeyOf, groupKeySchema } from "../storm/group-key.ts";
import { rateLimiter } from "../storm/rate-limiter.ts";
import { writeStorm, type StormPublish, type WrittenItem } from "../storm/write-storm.ts";
import { writeGrouped } from "./group-commit.ts";
import { decisionsFor, writeWithChannels } from "./write-with-channels.ts";
import type { WrittenRow } from "./write-notifications.ts";
import type { NotificationNewPayload, UserId } from "../../lib/events.ts";
import { observePublishCommit, observePublishEmit, recordInAppDeliveries } from "../observability/record.ts";
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
  /** Groups this notification with others of the same key (docs/storm-control.md); derived from data when omitted. */
  groupKey: groupKeySchema.optional(),
});

export type PublishNotificationInput = z.infer<typeof publishNotificationBody>;

/**
 * One recipient's outcome: the inbox item it shows as (new, or a grouped item updated in
 * place), `partId` when the notification was folded into a group or digest item, and
 * `shownInApp` false when they turned in-app off for its type.
 */
export type PublishedNotification = NotificationNewPayload & {
  shownInApp: boolean;
  event: "notification:new" | "notification:updated";
  partId?: string;
};

export type PreparedPublish = StormPublish;

/** The API key a publish came with, kept on its notifications for the admin console's story. */
export type PublishedBy = { apiKeyId: string };

/**
 * Before anything is written, counting nothing: the route of every recipient (type,
 * preferences, presence), the group key, and the rate limit that applies (0: none, for a
 * critical type or with the limit off). `countPublish` then counts it.
 */
export async function planPublish(input: PublishNotificationInput, publishedBy?: PublishedBy): Promise<PreparedPublish> {
  const recipients = [...new Set(input.recipients)];
  const plan = await planDispatch(input.type, recipients);
  const inApp = recipients.map((u) => plan.routes.get(u)!.in_app.action === "deliver");
  const windowSeconds = plan.type.batchWindowSeconds;
  const groupKey = windowSeconds > 0 ? groupKeyOf(plan.type.type, input.groupKey, input.data) : undefined;
  const limit = getConfig().rateLimitPerMinute;
  const rateLimit = limit > 0 && !plan.type.critical ? limit : 0;
  const { recipients: _, groupKey: __, ...fields } = input;
  const content = { ...fields, apiKeyId: publishedBy?.apiKeyId };
  return { recipients, inApp, content, plan, groupKey, windowSeconds, rateLimit, limited: new Set<UserId>(), counted: [] };
}

/**
 * Counts an ungrouped publish against the rate limit of each recipient who sees it in-app,
 * and notes who is over. A grouped one is counted inside its write, and only for those it
 * opens a new item for: counting an open item up reaches nobody anew (server/storm/write-storm.ts).
 */
export async function countPublish(p: PreparedPublish): Promise<void> {
  if (p.rateLimit === 0 || p.groupKey !== undefined) return;
  const counted = p.recipients.filter((_, i) => p.inApp[i]);
  if (counted.length === 0) return;
  p.counted.push(...counted);
  p.limited = await rateLimiter().take(counted, p.rateLimit);
}

/** A publish that failed reached nobody: what it counted is given back. */
export async function uncountPublish(p: PreparedPublish): Promise<void> {
  const counted = p.counted.splice(0);
  if (counted.length > 0) await rateLimiter().giveBack(counted);
}

const touchesStorm = (p: PreparedPublish) => p.groupKey !== undefined || p.limited.size > 0;

/**
 * Publishes one notification: plans and counts it, writes it, then hands the in-app items
 * to the gateway. A publish storm control leaves alone goes with the next group commit (its
 * rows, delivery decisions and channel jobs, server/notifications/group-commit.ts); one it
 * groups or digests takes a transaction of its own. A publish that fails (an unknown
 * recipient, the database) counts against nobody's rate limit. Providers never hold up
 * in-app delivery: their jobs run after commit.
 * `startedAt`: performance.now() when the request arrived, for the latency metrics.
 */
export async function publishNotification(input: PublishNotificationInput, startedAt = performance.now(), publishedBy?: PublishedBy): Promise<PublishedNotification[]> {
  const prepared = await planPublish(input, publishedBy);
  let written: WrittenItem[];
  try {
    await countPublish(prepared);
    written = touchesStorm(prepared) ? await withTransaction((client) => writePublish(client, prepared)) : await writeAlongside(prepared);
  } catch (error) {
    await uncountPublish(prepared);
    throw error;
  }
  return announcePublish(written, startedAt);
}

/** The write of a prepared publish on the caller's transaction (idempotent publishes bring their own). */
export async function writePublish(client: PoolClient, p: PreparedPublish): Promise<WrittenItem[]> {
  if (touchesStorm(p)) {
    const written = await writeStorm(client, p);
    if (!written) throw await unknownRecipientsError(p.recipients);
    return written;
  }
  return asNewItems(p, await writeWithChannels(client, p.recipients, p.inApp, p.content, p.plan));
}

async function writeAlongside(p: PreparedPublish): Promise<WrittenItem[]> {
  return asNewItems(p, await writeGrouped({ recipients: p.recipients, inApp: p.inApp, content: p.content, decisions: decisionsFor(p.recipients, p.plan) }, p.plan));
}

/** A row per recipient, each a new inbox item; none means a recipient is unknown. */
async function asNewItems(p: PreparedPublish, rows: WrittenRow[]): Promise<WrittenItem[]> {
  if (rows.length !== p.recipients.length) throw await unknownRecipientsError(p.recipients);
  return rows.map((row) => ({ row, event: "notification:new", storedId: row.id }));
}

/** After commit: the outcome per recipient, and the events for the gateway. */
export function announcePublish(written: WrittenItem[], startedAt: number): PublishedNotification[] {
  observePublishCommit(startedAt);
  const published = written.map(({ row: { unread_count, inbox_version, ...row }, event, storedId }): PublishedNotification => ({
    notification: rowToDto(row),
    unreadCount: unread_count ?? 0,
    version: Number(inbox_version ?? 0),
    shownInApp: row.seq !== null,
    event,
    ...(storedId !== row.id ? { partId: storedId } : {}),
  }));
  emitUserEvents(
    published
      .filter((p) => p.shownInApp)
      .map(({ notification, unreadCount, version, event }): UserEvent => ({ userId: notification.userId, event, payload: { notification, unreadCount, version } })),
  );
  observePublishEmit(startedAt);
  recordInAppDeliveries(published);
  return published;
}

/** The API's answer to a publish: per recipient the inbox item's id, and the part's when it was grouped. */
export function publishResponse(published: { notification: { id: string; userId: string }; partId?: string }[]) {
  return { notifications: published.map((p) => ({ id: p.notification.id, userId: p.notification.userId, ...(p.partId ? { partId: p.partId } : {}) })) };
}

async function unknownRecipientsError(recipients: string[]): Promise<AppError> {
  const known = await db().user.findMany({ where: { id: { in: recipients } }, select: { id: true } });
  const knownIds = new Set(known.map((u) => u.id));
  const unknown = recipients.filter((r) => !knownIds.has(r));
  return new AppError("validation_failed", "Unknown recipients: register them with PUT /api/v1/users/{userId}", [
    { path: "recipients", message: `unknown user ids: ${unknown.slice(0, 20).join(", ")}`, unknown },
  ]);
}
