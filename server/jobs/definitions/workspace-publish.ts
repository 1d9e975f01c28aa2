// workspace.publish: a workspace notification whose first publish failed for a reason that
// may pass (server/workspace/publish-activity.ts). Retried with backoff; a refusal that
// retrying cannot fix (422, 403) ends it.
import { z } from "zod";
import { publishNotificationBody } from "../../notifications/publish-notification.ts";
import { log } from "../../log.ts";
import { postNotification } from "../../workspace/post-notification.ts";
import type { JobDefinition } from "../queue.ts";

// The key of the first try goes with the notification: a try that did reach the server is not published twice.
const payload = z.object({ notification: publishNotificationBody, idempotencyKey: z.string().max(255) });

export const workspacePublish: JobDefinition<typeof payload> = {
  name: "workspace.publish",
  payload,
  queue: { retryLimit: 6, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handle: async ({ notification, idempotencyKey }) => {
    const outcome = await postNotification(notification, idempotencyKey);
    if (outcome.ok) return;
    if (outcome.retry) throw new Error(`publish failed: ${outcome.reason}`);
    log.error({ type: notification.type, status: outcome.status, reason: outcome.reason }, "workspace notification refused; not retried");
  },
};
