// Delivers one notification by Web Push (the push.send job) to every browser its recipient
// subscribed, and writes how it went in the delivery log. Subscriptions the push service
// says are gone are deleted; when nothing was sent and a push service asked to come back
// later (429, 5xx, a network error), the job throws so pg-boss retries it with backoff.
import { getConfig } from "../../config/index.ts";
import { updateDelivery } from "../../dispatch/delivery-log.ts";
import type { JobContext } from "../../jobs/queue.ts";
import { log } from "../../log.ts";
import { recordDelivery } from "../../observability/record.ts";
import { findType } from "../../types/type-registry.ts";
import { loadNotificationForDelivery } from "../load-notification.ts";
import { buildPushPayload } from "./push-payload.ts";
import { pushOutcome, pushSendOptions } from "./push-outcome.ts";
import type { PushProvider } from "./push-provider.ts";
import { markSubscriptionsUsed, pushTargets, removeSubscriptions } from "./subscriptions.ts";
import { createWebPushProvider } from "./web-push.ts";

/** Thrown to have pg-boss run the job again later. */
export class PushRetryError extends Error {}

let provider: PushProvider | undefined;
const defaultProvider = () => (provider ??= createWebPushProvider({ vapid: getConfig().vapid }));

export async function deliverPush(notificationId: string, context: JobContext, push: PushProvider = defaultProvider()): Promise<void> {
  const notification = await loadNotificationForDelivery(notificationId);
  if (!notification) return; // cleared or trimmed meanwhile: its delivery log went with it
  const skip = async (reason: string) => {
    await updateDelivery(notificationId, "push", "skipped", reason);
    recordDelivery("push", "skipped");
  };
  if (notification.recipient.disabled) return skip("recipient disabled");
  // Read in the app (on another device) before the job ran: nothing left to tell them.
  if (notification.shownInApp && notification.readAt) return skip("already read");
  const targets = await pushTargets(notification.userId);
  if (targets.length === 0) return skip("no push subscription");

  const type = await findType(notification.type);
  const payload = buildPushPayload(notification, getConfig().publicUrl);
  const options = pushSendOptions(type?.priority ?? "normal", notificationId);
  const results = await Promise.all(targets.map((target) => push.send(target, payload, options)));
  await removeSubscriptions(targets.filter((_, i) => results[i].status === "gone").map((t) => t.id));
  await markSubscriptionsUsed(targets.filter((_, i) => results[i].status === "sent").map((t) => t.id));

  const outcome = pushOutcome(results, context.lastAttempt);
  await updateDelivery(notificationId, "push", outcome.status, outcome.reason);
  if (outcome.status === "sent") recordDelivery("push", "delivered");
  if (outcome.status === "failed") {
    recordDelivery("push", "failed");
    log.warn({ notificationId, userId: notification.userId, attempt: context.attempt, reason: outcome.reason }, "push not delivered");
  }
  if (outcome.retry) throw new PushRetryError(outcome.reason);
}
