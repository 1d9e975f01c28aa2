// A channel worker's view of the delivery log: the outcome so far, and moving it on only
// while it is still open (pending or retrying). A job that runs again after its outcome
// was written (the process died before pg-boss heard of it) finds the outcome and stops,
// and a late failure can never overwrite "sent".
import { sql } from "../db/index.ts";
import type { DeliveryStatus } from "../dispatch/delivery-log.ts";
import type { Channel } from "../types/type-definition.ts";

export const OPEN_STATUSES: readonly DeliveryStatus[] = ["pending", "retrying"];

/** The channel's status for the notification; null when there is no row (or no notification). */
export async function deliveryStatus(notificationId: string, channel: Channel): Promise<DeliveryStatus | null> {
  const { rows } = await sql().query<{ status: DeliveryStatus }>({
    name: "delivery-status",
    text: `SELECT status::text AS status FROM deliveries WHERE notification_id = $1 AND channel = $2::"Channel"`,
    values: [notificationId, channel],
  });
  return rows[0]?.status ?? null;
}

/** Writes the outcome if the delivery is still open; false when it was settled already (or is gone). */
export async function advanceDelivery(
  notificationId: string,
  channel: Channel,
  status: DeliveryStatus,
  reason: string,
  attempted: boolean,
): Promise<boolean> {
  const { rowCount } = await sql().query({
    name: "advance-delivery",
    text: `UPDATE deliveries SET status = $3::"DeliveryStatus", reason = $4, attempts = attempts + $5, updated_at = now()
           WHERE notification_id = $1 AND channel = $2::"Channel" AND status IN ('pending', 'retrying')`,
    values: [notificationId, channel, status, reason.slice(0, 1000), attempted ? 1 : 0],
  });
  return rowCount === 1;
}
