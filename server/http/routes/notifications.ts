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
    handler: async ({ body, startedAt }) => {
      const published = await countPublish(async () => publishNotification(await body(publishNotificationBody, MAX_PUBLISH_BYTES), startedAt));
      return { status: 202, body: { notifications: published.map((p) => ({ id: p.notification.id, userId: p.notification.userId })) } };
    },
  }),
];
