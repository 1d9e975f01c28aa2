// What the workspace tells people: one notification per kind of news, published through
// the service API. A publish that fails never fails the person's action (the comment is
// saved whatever happens to the notification): it is logged, and when trying again can
// help (the API unreachable, 429, 5xx) a workspace.publish job retries it with backoff.
import type { PublishNotificationInput } from "../notifications/publish-notification.ts";
import { log } from "../log.ts";
import { sendJob } from "../jobs/queue.ts";
import { workspacePublish } from "../jobs/definitions/workspace-publish.ts";
import { postNotification } from "./post-notification.ts";

/** Publishes each notification (in parallel); resolves when each was accepted, queued for retry or given up. */
export async function publishActivity(notifications: PublishNotificationInput[]): Promise<void> {
  await Promise.all(notifications.filter((n) => n.recipients.length > 0).map(publishOne));
}

async function publishOne(notification: PublishNotificationInput): Promise<void> {
  const idempotencyKey = `workspace:${crypto.randomUUID()}`;
  const outcome = await postNotification(notification, idempotencyKey);
  if (outcome.ok) return;
  const context = { type: notification.type, recipients: notification.recipients.length, status: outcome.status, reason: outcome.reason };
  if (!outcome.retry) return void log.error(context, "workspace notification refused; not retried");
  try {
    await sendJob(workspacePublish, { notification, idempotencyKey });
    log.warn(context, "workspace notification failed; a job retries it");
  } catch (error) {
    log.error({ ...context, err: error }, "workspace notification failed and could not be queued for retry");
  }
}
