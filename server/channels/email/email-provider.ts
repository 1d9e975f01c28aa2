// The email channel's one interface. A provider takes a rendered message and says whether
// it took it: SMTP hands it to a mail server (server/channels/email/smtp.ts); without SMTP
// the outbox table keeps it for the admin console (outbox.ts). Every provider passes the
// same contract test (email-provider.contract.test.ts).
import { getConfig } from "../../config/index.ts";
import { log } from "../../log.ts";
import { effectiveSmtp } from "../../admin/deployment-settings.ts";
import { outboxProvider } from "./outbox.ts";
import { smtpProvider, verifySmtp } from "./smtp.ts";

export type EmailMessage = {
  /** The notification this mail is for (kept with the outbox row). */
  notificationId: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, sent as given (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Record<string, string>;
};

/**
 * `accepted`: the provider took the message (a mail server answered 2xx, or the row is
 * written); false when it refused it for good (a 5xx), which no retry will change.
 * `response`: what it said, for the delivery log. A provider throws for failures worth
 * retrying (unreachable, timed out, a 4xx).
 */
export type SendResult = { accepted: boolean; response: string };

export interface EmailProvider {
  readonly name: "smtp" | "outbox";
  /** `signal` aborts a send in flight (shutdown); the provider bounds its own time too. */
  send(message: EmailMessage, signal?: AbortSignal): Promise<SendResult>;
}

/** SMTP when SMTP_URL (or the admin console's SMTP setting) is set, else the outbox; and the sender. */
export async function emailProvider(): Promise<{ provider: EmailProvider; from: string }> {
  const { smtpUrl, from } = await effectiveSmtp();
  return { provider: smtpUrl ? smtpProvider(smtpUrl) : outboxProvider, from };
}

/**
 * At start: say where mail goes. An SMTP server that cannot be used gets a warning saying
 * why (from verifySmtp), not a failed start: in-app delivery never waits for a provider,
 * and emails retry until the server is back.
 */
export async function announceEmailProvider(): Promise<void> {
  const { smtpUrl } = getConfig().email;
  if (!smtpUrl) return void log.info("email: no SMTP_URL, so mail is written to the outbox table");
  const { server } = await verifySmtp(smtpUrl);
  log.info({ smtp: server }, "email: SMTP server ready");
}
