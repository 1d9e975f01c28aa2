import { z } from "zod";
import { listDeliveries } from "../../dispatch/delivery-log.ts";
import { AppError } from "../../errors.ts";
import { publishNotification, publishNotificationBody } from "../../notifications/publish-notification.ts";
import { countPublish } from "../../observability/record.ts";
import { route, type ApiRoute } from "../api-router.ts";

const MAX_PUBLISH_BYTES = 256 * 1024;

export const notificationRoutes: ApiRoute[] = [
  // POST /api/v1/notifications - publish one notification to up to 1,000 recipients.
  // Answers 202 once every row is committed; delivery to sockets follows at once.
  route({
    method: "POST",
    path: "/api/v1/notifications",
    auth: "service",
    handler: async ({ body, startedAt, caller }) => {
      const input = await body(publishNotificationBody, MAX_PUBLISH_BYTES);
      const published = await countPublish(async () => publishNotification(input, startedAt, { apiKeyId: caller.keyId }));
      return { status: 202, body: { notifications: published.map((p) => ({ id: p.notification.id, userId: p.notification.userId })) } };
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
