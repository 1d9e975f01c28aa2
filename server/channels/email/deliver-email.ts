// Delivers one notification by email (the email.send job, due after the type's delay).
// The provider is built in the channels issue's email work; until then the log says so.
import { updateDelivery } from "../../dispatch/delivery-log.ts";
import type { JobContext } from "../../jobs/queue.ts";

export async function deliverEmail(notificationId: string, _context: JobContext): Promise<void> {
  await updateDelivery(notificationId, "email", "failed", "email is not available yet");
}
