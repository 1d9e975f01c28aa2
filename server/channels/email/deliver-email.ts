// Delivers one notification by email: the email.send job, made when the pending delivery
// the publish wrote came due (server/jobs/due-emails.ts). Everything is checked again now, since the
// person had the delay to act: a notification read, cleared or turned off meanwhile gets no
// email. Each outcome goes to the delivery log, only while the delivery is still open.
//
// Runs once: pg-boss hands a job to one worker, and a retry that finds the outcome already
// written does nothing. What remains is at least once, not exactly once: if the process
// dies (or the database drops) after the mail server took the message but before "sent"
// is written, or the connection breaks after the message but before the server's answer,
// the retry sends it again. Sending nothing in doubt would lose mail instead.
import { log } from "../../log.ts";
import type { JobContext } from "../../jobs/queue.ts";
import { recordDelivery } from "../../observability/record.ts";
import { channelEnabled, loadOverrides } from "../../preferences/preferences.ts";
import { REASONS } from "../../dispatch/route-channels.ts";
import type { NotificationType } from "../../types/type-definition.ts";
import { findType } from "../../types/type-registry.ts";
import { advanceDelivery, deliveryStatus, OPEN_STATUSES } from "../advance-delivery.ts";
import { loadNotificationForDelivery, type NotificationForDelivery } from "../load-notification.ts";
import { composeEmail } from "./compose-email.ts";
import { emailProvider } from "./email-provider.ts";

export const EMAIL_REASONS = {
  cleared: "cleared before the email was due",
  read: "read before the email was due",
  disabled: "recipient disabled",
  noAddress: "no email address",
  unknownType: "notification type no longer registered",
  turnedOff: REASONS.turnedOff,
} as const;

export async function deliverEmail(notificationId: string, context: JobContext): Promise<void> {
  const status = await deliveryStatus(notificationId, "email");
  if (status && !OPEN_STATUSES.includes(status)) {
    return void log.info({ notificationId, status }, "email job found its outcome already written: nothing to do");
  }
  const notification = await loadNotificationForDelivery(notificationId);
  // Its delivery rows went with it, so this outcome is only in the log and the metrics.
  if (!notification) return skip(notificationId, EMAIL_REASONS.cleared);
  const checked = await checkStillWanted(notification);
  if (typeof checked === "string") return skip(notificationId, checked);

  const { provider, from } = await emailProvider();
  const message = { ...composeEmail(notification, checked.type, checked.to), from };
  let result;
  try {
    result = await provider.send(message, context.signal);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const next = context.lastAttempt ? "failed" : "retrying";
    await advanceDelivery(notificationId, "email", next, `${reason} (attempt ${context.attempt}${context.lastAttempt ? ", the last" : ""})`, true);
    log.warn({ notificationId, provider: provider.name, reason, attempt: context.attempt, lastAttempt: context.lastAttempt }, "email not sent");
    if (context.lastAttempt) recordDelivery("email", "failed");
    throw error; // pg-boss retries, or records the job failed after the last attempt
  }
  if (!result.accepted) {
    await advanceDelivery(notificationId, "email", "failed", `refused by the mail server: ${result.response}`, true);
    log.warn({ notificationId, provider: provider.name, response: result.response }, "email refused by the mail server");
    return recordDelivery("email", "failed");
  }
  const reason = provider.name === "smtp" ? `accepted by the mail server: ${result.response}` : result.response;
  if (!(await advanceDelivery(notificationId, "email", "sent", reason, true))) {
    log.warn({ notificationId }, "email sent, but its delivery was already settled (a second run?)");
  }
  log.info({ notificationId, provider: provider.name, response: result.response }, "email sent");
  recordDelivery("email", "delivered");
}

/** The type and address to send to, or why the email is no longer wanted. */
async function checkStillWanted(n: NotificationForDelivery): Promise<{ type: NotificationType; to: string } | string> {
  if (n.recipient.disabled) return EMAIL_REASONS.disabled;
  if (!n.recipient.email) return EMAIL_REASONS.noAddress;
  // Not shown in-app (turned off there): it was stored read and its email goes at once.
  if (n.shownInApp && n.readAt) return EMAIL_REASONS.read;
  const type = await findType(n.type);
  if (!type) return EMAIL_REASONS.unknownType;
  const overrides = (await loadOverrides(type.type, [n.userId])).get(n.userId);
  if (!channelEnabled(type, "email", overrides)) return EMAIL_REASONS.turnedOff;
  return { type, to: n.recipient.email };
}

async function skip(notificationId: string, reason: string): Promise<void> {
  await advanceDelivery(notificationId, "email", "skipped", reason, false);
  log.info({ notificationId, reason }, "email skipped");
  recordDelivery("email", "skipped");
}
