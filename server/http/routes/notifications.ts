import { authenticateApiKey } from "../../auth/api-keys.ts";
import { publishNotification, publishNotificationBody } from "../../notifications/publish-notification.ts";
import type { ApiRoute } from "../api-router.ts";
import { readJson } from "../read-json.ts";

const MAX_PUBLISH_BYTES = 256 * 1024;

export const notificationRoutes: ApiRoute[] = [
  {
    // POST /api/v1/notifications - publish one notification to up to 1,000 recipients.
    // Answers 202 once every row is committed; delivery to sockets follows at once.
    method: "POST",
    path: "/api/v1/notifications",
    handler: async ({ raw }) => {
      await authenticateApiKey(raw.headers.authorization);
      const input = await readJson(raw, publishNotificationBody, MAX_PUBLISH_BYTES);
      const published = await publishNotification(input);
      return { status: 202, body: { notifications: published.map((p) => ({ id: p.notification.id, userId: p.notification.userId })) } };
    },
  },
];
