// Without SMTP (the one-box default) mail goes to the email_outbox table, where the admin
// console shows it: the channel works end to end, and nothing leaves the machine.
import { sql } from "../../db/index.ts";
import type { EmailMessage, EmailProvider, SendResult } from "./email-provider.ts";

export const OUTBOX_RESPONSE = "written to the outbox (no SMTP configured)";

export const outboxProvider: EmailProvider = {
  name: "outbox",
  async send(message: EmailMessage): Promise<SendResult> {
    await sql().query({
      name: "insert-email-outbox",
      text: `INSERT INTO email_outbox (id, notification_id, to_address, subject, text_body, html_body, headers)
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
      values: [message.notificationId, message.to, message.subject, message.text, message.html, { From: message.from, ...message.headers }],
    });
    return { accepted: true, response: OUTBOX_RESPONSE };
  },
};
