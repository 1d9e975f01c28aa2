// "Send a test notification" from the console: to one person or to everyone, of any type,
// through the same publish function the API uses (so it is routed, logged and delivered
// exactly like a service's notification).
import { z } from "zod";
import { sql } from "../db/index.ts";
import { MAX_RECIPIENTS, publishNotification, publishNotificationBody } from "../notifications/publish-notification.ts";
import { writeAudit } from "./audit-log.ts";
import type { AdminActor } from "./guard.ts";

export const testNotificationBody = publishNotificationBody.omit({ recipients: true, data: true }).extend({
  to: z.union([z.literal("everyone"), z.strictObject({ userId: z.string().min(1, "choose a person").max(200) })]),
});
export type TestNotificationInput = z.infer<typeof testNotificationBody>;

export async function sendTestNotification(actor: AdminActor, input: TestNotificationInput): Promise<{ ids: string[]; recipients: number }> {
  const { to, ...content } = input;
  const recipients = to === "everyone" ? await activePeople() : [to.userId];
  const ids: string[] = [];
  for (let i = 0; i < recipients.length; i += MAX_RECIPIENTS) {
    const published = await publishNotification({ ...content, recipients: recipients.slice(i, i + MAX_RECIPIENTS), data: { test: true } });
    ids.push(...published.map((p) => p.notification.id));
  }
  await writeAudit({ actor, action: "notification.test", target: to === "everyone" ? "everyone" : to.userId, after: { ...content, recipients: recipients.length } });
  return { ids, recipients: recipients.length };
}

async function activePeople(): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>("SELECT id FROM users WHERE disabled_at IS NULL ORDER BY id");
  return rows.map((r) => r.id);
}
