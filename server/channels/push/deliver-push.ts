// Delivers one notification by Web Push (the push.send job). The provider is built in the
// channels issue's push work; until then the log says so.
import { updateDelivery } from "../../dispatch/delivery-log.ts";
import type { JobContext } from "../../jobs/queue.ts";

export async function deliverPush(notificationId: string, _context: JobContext): Promise<void> {
  await updateDelivery(notificationId, "push", "failed", "push is not available yet");
}
