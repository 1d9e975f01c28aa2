// workspace.publish: a workspace notification whose first publish failed for a reason that
// may pass (server/workspace/publish-activity.ts). Retried with backoff; a refusal that
// retrying cannot fix (422, 403) ends it.
import { publishNotificationBody } from "../../notifications/publish-notification.ts";
import { log } from "../../log.ts";
import { postNotification } from "../../workspace/post-notification.ts";
import type { JobDefinition } from "../queue.ts";

const payload = publishNotificationBody;

export const workspacePublish: JobDefinition<typeof payload> = {
  name: "workspace.publish",
  payload,
  queue: { retryLimit: 6, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handle: async (notification) => {
    const outcome = await postNotification(notification);
    if (outcome.ok) return;
    if (outcome.retry) throw new Error(`publish failed: ${outcome.reason}`);
    log.error({ type: notification.type, status: outcome.status, reason: outcome.reason }, "workspace notification refused; not retried");
  },
};
