// POST /api/v1/notifications - publish one notification to up to 1,000 recipients.
// Answers 202 once every row is committed; delivery to sockets follows immediately.
import { authenticateApiKey } from "@/server/auth/api-keys.ts";
import { json, readJson, route } from "@/server/http/respond.ts";
import { publishNotification, publishNotificationBody } from "@/server/notifications/publish-notification.ts";

const MAX_BODY_BYTES = 256 * 1024;

export const POST = route(async (req) => {
  await authenticateApiKey(req);
  const input = await readJson(req, publishNotificationBody, MAX_BODY_BYTES);
  const published = await publishNotification(input);
  return json({ notifications: published.map((p) => ({ id: p.notification.id, userId: p.notification.userId })) }, 202);
});
