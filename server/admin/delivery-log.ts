// The console's delivery log: notifications filtered by person, type, channel, status and
// time, each with its channels' outcomes; and one notification's whole story (who
// published it with which key, each channel's outcome and reason, the emails written).
import { z } from "zod";
import { listDeliveries, type Delivery } from "../dispatch/delivery-log.ts";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CHANNELS } from "../types/type-definition.ts";

const STATUSES = ["pending", "sent", "skipped", "failed", "retrying"] as const;

export const deliveryLogQuery = z.strictObject({
  person: z.string().trim().max(200).optional(),
  type: z.string().trim().max(100).optional(),
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** createdAt|id of the last row of the previous page. */
  before: z.string().regex(/^[\d\-T:.Z+]+\|[0-9a-f-]{36}$/, "a cursor from the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type DeliveryLogQuery = z.infer<typeof deliveryLogQuery>;

export type DeliveryLogRow = {
  id: string;
  userId: string;
  personName: string | null;
  type: string;
  title: string;
  createdAt: string;
  readAt: string | null;
  channels: Record<string, { status: string; reason: string }>;
};

// In-app delivery of a shown notification has no row of its own (server/dispatch/delivery-log.ts): it is
// "sent" exactly when the notification has a position.
const CHANNEL_STATUS = `CASE WHEN c.channel = 'in_app' AND n.seq IS NOT NULL THEN 'sent' ELSE d.status::text END`;

export async function listDeliveryLog(q: DeliveryLogQuery): Promise<{ rows: DeliveryLogRow[]; next: string | null }> {
  const [beforeAt, beforeId] = q.before ? q.before.split("|") : [null, null];
  const { rows } = await sql().query<{ id: string; user_id: string; name: string | null; type: string; title: string; created_at: Date; read_at: Date | null; channels: Record<string, { status: string; reason: string }> | null }>(
    `SELECT n.id, n.user_id, coalesce(u.name, u.email) AS name, n.type, n.title, n.created_at, n.read_at,
       (SELECT json_object_agg(d.channel, json_build_object('status', d.status, 'reason', d.reason)) FROM deliveries d WHERE d.notification_id = n.id) AS channels
     FROM notifications n JOIN users u ON u.id = n.user_id
     WHERE n.group_id IS NULL -- a group is one row, its inbox item (which holds the routing decisions); its parts are in its story
       AND ($1::text IS NULL OR n.user_id = $1 OR u.email ILIKE $1 OR u.name ILIKE $1)
       AND ($2::text IS NULL OR n.type = $2)
       AND ($5::timestamptz IS NULL OR n.created_at >= $5) AND ($6::timestamptz IS NULL OR n.created_at <= $6)
       AND ($7::timestamptz IS NULL OR (n.created_at, n.id) < ($7, $8::uuid))
       AND ($3::text IS NULL OR EXISTS (
         SELECT 1 FROM (SELECT $3::text AS channel) c LEFT JOIN deliveries d ON d.notification_id = n.id AND d.channel::text = c.channel
         WHERE ${CHANNEL_STATUS} IS NOT NULL AND ($4::text IS NULL OR ${CHANNEL_STATUS} = $4)))
       AND ($4::text IS NULL OR $3::text IS NOT NULL OR EXISTS (
         SELECT 1 FROM (VALUES ('in_app'), ('push'), ('email')) c(channel) LEFT JOIN deliveries d ON d.notification_id = n.id AND d.channel::text = c.channel
         WHERE ${CHANNEL_STATUS} = $4))
     ORDER BY n.created_at DESC, n.id DESC LIMIT $9`,
    [q.person || null, q.type || null, q.channel ?? null, q.status ?? null, q.from ?? null, q.to ?? null, beforeAt, beforeId, q.limit + 1],
  );
  const page = rows.slice(0, q.limit).map((r): DeliveryLogRow => ({
    id: r.id,
    userId: r.user_id,
    personName: r.name,
    type: r.type,
    title: r.title,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
    channels: r.channels ?? {},
  }));
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > q.limit && last ? `${last.createdAt}|${last.id}` : null };
}

export type NotificationStory = {
  notification: { id: string; userId: string; personName: string | null; type: string; title: string; body: string | null; actionUrl: string | null; createdAt: string; readAt: string | null; shownInApp: boolean };
  publishedBy: { kind: "api-key"; id: string; name: string; prefix: string; revoked: boolean } | { kind: "console-or-script" };
  deliveries: Delivery[];
  emails: { id: string; to: string; subject: string; at: string }[];
  /** Storm control: an item's parts (each publish folded into it), or the item a part belongs to. */
  group: { kind: "item"; parts: { id: string; title: string; at: string }[] } | { kind: "part"; itemId: string } | null;
};

const PARTS_SHOWN = 50;

export async function notificationStory(id: string): Promise<NotificationStory> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "Notification not found");
  const { rows } = await sql().query<{ id: string; user_id: string; name: string | null; type: string; title: string; body: string | null; action_url: string | null; created_at: Date; read_at: Date | null; seq: string | null; group_id: string | null; key_id: string | null; key_name: string | null; prefix: string | null; revoked_at: Date | null }>(
    `SELECT n.id, n.user_id, coalesce(u.name, u.email) AS name, n.type, n.title, n.body, n.action_url, n.created_at, n.read_at, n.seq, n.group_id,
       k.id AS key_id, k.name AS key_name, k.prefix, k.revoked_at
     FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN api_keys k ON k.id = n.api_key_id WHERE n.id = $1`,
    [id],
  );
  const n = rows[0];
  if (!n) throw new AppError("not_found", "Notification not found");
  const [deliveries, emails, parts] = await Promise.all([
    listDeliveries(id),
    sql().query<{ id: string; to_address: string; subject: string; created_at: Date }>(
      "SELECT id, to_address, subject, created_at FROM email_outbox WHERE notification_id = $1 ORDER BY created_at",
      [id],
    ),
    n.group_id
      ? null
      : sql().query<{ id: string; title: string; created_at: Date }>(
          "SELECT id, title, created_at FROM notifications WHERE group_id = $1 ORDER BY created_at DESC LIMIT $2",
          [id, PARTS_SHOWN],
        ),
  ]);
  const group: NotificationStory["group"] = n.group_id
    ? { kind: "part", itemId: n.group_id }
    : parts && parts.rows.length > 0
      ? { kind: "item", parts: parts.rows.map((r) => ({ id: r.id, title: r.title, at: r.created_at.toISOString() })) }
      : null;
  return {
    notification: {
      id: n.id,
      userId: n.user_id,
      personName: n.name,
      type: n.type,
      title: n.title,
      body: n.body,
      actionUrl: n.action_url,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at?.toISOString() ?? null,
      shownInApp: n.seq !== null,
    },
    publishedBy: n.key_id ? { kind: "api-key", id: n.key_id, name: n.key_name!, prefix: n.prefix!, revoked: n.revoked_at !== null } : { kind: "console-or-script" },
    deliveries,
    emails: emails.rows.map((e) => ({ id: e.id, to: e.to_address, subject: e.subject, at: e.created_at.toISOString() })),
    group,
  };
}
