import { z } from "zod";
import { listDeliveries } from "../../dispatch/delivery-log.ts";
import { AppError } from "../../errors.ts";
import { publishNotification, publishNotificationBody, publishResponse } from "../../notifications/publish-notification.ts";
import { idempotencyKeyOf, publishIdempotently } from "../../storm/idempotency.ts";
import { countPublish } from "../../observability/record.ts";
import { route, type ApiRoute } from "../api-router.ts";

const MAX_PUBLISH_BYTES = 256 * 1024;

export const notificationRoutes: ApiRoute[] = [
  // POST /api/v1/notifications - publish one notification to up to 1,000 recipients.
  // Answers 202 once every row is committed; delivery to sockets follows at once. With an
  // Idempotency-Key header, a retry gets the first answer and publishes nothing again.
  route({
    method: "POST",
    path: "/api/v1/notifications",
    auth: "service",
    handler: async ({ caller, raw, body, startedAt }) => {
      const key = idempotencyKeyOf(raw.headers);
      return countPublish(async () => {
        const input = await body(publishNotificationBody, MAX_PUBLISH_BYTES);
        if (key !== undefined) return publishIdempotently({ apiKeyId: caller.keyId, key, input }, startedAt);
        return { status: 202, body: publishResponse(await publishNotification(input, startedAt, { apiKeyId: caller.keyId })) };
      });
    },
  }),
  // GET /api/v1/notifications/{id}/deliveries - why each channel fired or not
  route({
    method: "GET",
    path: "/api/v1/notifications/:id/deliveries",
    auth: "service",
    handler: async ({ params }) => {
      if (!z.uuid().safeParse(params.id).success) throw new AppError("not_found", "Notification not found");
      return { status: 200, body: { deliveries: await listDeliveries(params.id.toLowerCase()) } };
    },
  }),
];
