// push.send: one notification to its recipient's browsers (server/channels/push/).
// Retried with backoff when the push service answers 429 or 5xx.
import { z } from "zod";
import { deliverPush } from "../../channels/push/deliver-push.ts";
import type { JobDefinition } from "../queue.ts";

const payload = z.strictObject({ notificationId: z.uuid() });

export const pushSend: JobDefinition<typeof payload> = {
  name: "push.send",
  payload,
  pollingIntervalSeconds: 0.5,
  queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
  handle: ({ notificationId }, context) => deliverPush(notificationId, context),
};
