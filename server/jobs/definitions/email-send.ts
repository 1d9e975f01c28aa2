// email.send: one notification by email once its delay has passed, unless it was read or
// cleared first (server/channels/email/). Made from the pending delivery when it comes due
// (server/jobs/due-emails.ts), so it survives restarts and runs once on one instance.
import { z } from "zod";
import { deliverEmail } from "../../channels/email/deliver-email.ts";
import type { JobDefinition } from "../queue.ts";

const payload = z.strictObject({ notificationId: z.uuid() });

export const emailSend: JobDefinition<typeof payload> = {
  name: "email.send",
  payload,
  queue: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  handle: ({ notificationId }, context) => deliverEmail(notificationId, context),
};
