// The hot path: persist, then publish. Rows are committed to PostgreSQL before any
// socket hears of them (Redis pub/sub is not durable, the database is the record).
import { z } from "zod";
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { emitUserEvents, type UserEvent } from "../events/user-events.ts";
import { toNotificationDto } from "./notification-dto.ts";
import type { NotificationDto } from "../../lib/events.ts";

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
  actionUrl: z
    .string()
    .max(2000)
    .refine((u) => u.startsWith("/") || /^https?:\/\//.test(u), "an http(s) URL or a path starting with /")
    .optional(),
});

export type PublishNotificationInput = z.infer<typeof publishNotificationBody>;

export type PublishedNotification = { notification: NotificationDto; unreadCount: number };

export async function publishNotification(input: PublishNotificationInput): Promise<PublishedNotification[]> {
  const recipients = [...new Set(input.recipients)];
  const published = await db().$transaction(async (tx) => {
    // Lock the recipients in a fixed order (no deadlocks between concurrent publishes) and
    // take the next per-user position; the lock holds until commit, so positions commit in order.
    const positions = await tx.$queryRaw<{ id: string; seq: bigint }[]>`
      UPDATE users SET notification_seq = notification_seq + 1
      WHERE id IN (SELECT id FROM users WHERE id = ANY(${recipients}::text[]) ORDER BY id FOR UPDATE)
      RETURNING id, notification_seq AS seq`;
    if (positions.length !== recipients.length) {
      const known = new Set(positions.map((p) => p.id));
      const unknown = recipients.filter((r) => !known.has(r));
      throw new AppError("validation_failed", "Unknown recipients: register them with PUT /api/v1/users/{userId}", [
        { path: "recipients", message: `unknown user ids: ${unknown.slice(0, 20).join(", ")}`, unknown },
      ]);
    }
    const rows = await tx.notification.createManyAndReturn({
      data: positions.map((p) => ({
        userId: p.id,
        seq: p.seq,
        type: input.type,
        title: input.title,
        body: input.body ?? null,
        data: (input.data ?? {}) as object,
        actionUrl: input.actionUrl ?? null,
      })),
    });
    const counts = await tx.notification.groupBy({
      by: ["userId"],
      where: { userId: { in: recipients }, readAt: null },
      _count: { _all: true },
    });
    const unread = new Map(counts.map((c) => [c.userId, c._count._all]));
    return rows.map((row) => ({ notification: toNotificationDto(row), unreadCount: unread.get(row.userId) ?? 0 }));
  });
  emitUserEvents(
    published.map((p): UserEvent => ({ userId: p.notification.userId, event: "notification:new", payload: p })),
  );
  return published;
}
