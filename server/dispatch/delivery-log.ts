// The delivery log: why each channel fired or not, per notification. Decisions made at
// publish are written by the publish's own statement (server/notifications/write-notifications.ts); channel workers then move them on
// (sent, failed, retrying, or skipped with the reason they found). Rows go with their
// notification (ON DELETE CASCADE). In-app delivery of a shown notification is not
// written (it is the notification itself, at its creation time) and channels that are
// not the type's and nobody turned on are reported as such when read.
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CHANNELS, type Channel } from "../types/type-definition.ts";

export type DeliveryStatus = "pending" | "sent" | "skipped" | "failed" | "retrying";
export type Delivery = { channel: Channel; status: DeliveryStatus; reason: string; attempts: number; at: string };

/** A channel worker's outcome; `attempted` counts one more try. False when the notification is gone (cleared). */
export async function updateDelivery(
  notificationId: string,
  channel: Channel,
  status: DeliveryStatus,
  reason: string,
  attempted = true,
): Promise<boolean> {
  const { rowCount } = await sql().query({
    name: "update-delivery",
    text: `INSERT INTO deliveries (notification_id, channel, status, reason, attempts, updated_at)
           SELECT $1, $2::"Channel", $3::"DeliveryStatus", $4, $5, now() WHERE EXISTS (SELECT 1 FROM notifications WHERE id = $1)
           ON CONFLICT (notification_id, channel) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
             attempts = deliveries.attempts + EXCLUDED.attempts, updated_at = now()`,
    values: [notificationId, channel, status, reason.slice(0, 1000), attempted ? 1 : 0],
  });
  return rowCount === 1;
}

/** Every channel's outcome for one notification, in channel order. */
export async function listDeliveries(notificationId: string): Promise<Delivery[]> {
  const { rows: found } = await sql().query<{ seq: string | null; created_at: Date }>(
    "SELECT seq, created_at FROM notifications WHERE id = $1",
    [notificationId],
  );
  if (found.length === 0) throw new AppError("not_found", "Notification not found");
  const { rows } = await sql().query<{ channel: Channel; status: DeliveryStatus; reason: string; attempts: number; updated_at: Date }>(
    "SELECT channel::text AS channel, status::text AS status, reason, attempts, updated_at FROM deliveries WHERE notification_id = $1",
    [notificationId],
  );
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  const created = found[0].created_at.toISOString();
  return CHANNELS.map((channel): Delivery => {
    const row = byChannel.get(channel);
    if (row) return { channel, status: row.status, reason: row.reason, attempts: row.attempts, at: row.updated_at.toISOString() };
    if (channel === "in_app" && found[0].seq !== null) return { channel, status: "sent", reason: "shown in the app", attempts: 1, at: created };
    return { channel, status: "skipped", reason: "not a channel of this type", attempts: 0, at: created };
  });
}
