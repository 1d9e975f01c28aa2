// The console's channels screen: deployment-wide switches, SMTP (stored in the database,
// the environment wins) and push's VAPID key. The SMTP URL holds a password, so it never
// goes back to the browser: only host:port, the sender and where the setting comes from.
import { z } from "zod";
import { getConfig } from "../config/index.ts";
import { renderEmail } from "../channels/email/render-email.ts";
import { emailProvider } from "../channels/email/email-provider.ts";
import { smtpTarget } from "../channels/email/smtp.ts";
import { writeAudit } from "./audit-log.ts";
import {
  channelSwitchesBody,
  effectiveSmtp,
  getDeploymentSettings,
  writeDeploymentSettings,
  type smtpSettingsBody,
} from "./deployment-settings.ts";
import type { AdminActor } from "./guard.ts";

export type ChannelsView = {
  channels: { in_app: boolean; push: boolean; email: boolean };
  email: { provider: "smtp" | "outbox"; source: "env" | "console" | "none"; server: string | null; from: string; consoleServer: string | null; consoleFrom: string | null };
  push: { configured: boolean; vapidPublicKey: string | null };
};

export async function describeChannels(): Promise<ChannelsView> {
  const settings = await getDeploymentSettings();
  const smtp = await effectiveSmtp();
  const { vapid } = getConfig();
  return {
    channels: settings.channels,
    email: {
      provider: smtp.smtpUrl ? "smtp" : "outbox",
      source: smtp.source,
      server: smtp.smtpUrl ? smtpTarget(smtp.smtpUrl) : null,
      from: smtp.from,
      consoleServer: settings.smtpUrl ? smtpTarget(settings.smtpUrl) : null,
      consoleFrom: settings.mailFrom,
    },
    push: { configured: Boolean(vapid.publicKey && vapid.privateKey), vapidPublicKey: vapid.publicKey ?? null },
  };
}

export async function setChannelSwitches(actor: AdminActor, channels: z.infer<typeof channelSwitchesBody>): Promise<ChannelsView> {
  const before = (await getDeploymentSettings()).channels;
  await writeDeploymentSettings({ channels });
  await writeAudit({ actor, action: "channels.update", target: "deployment", before, after: channels });
  return describeChannels();
}

/** Saves SMTP settings; the audit log gets host:port, never the URL (it holds the password). */
export async function setSmtpSettings(actor: AdminActor, input: z.infer<typeof smtpSettingsBody>): Promise<ChannelsView> {
  const saved = await getDeploymentSettings();
  const shown = (url: string | null) => (url ? smtpTarget(url) : null);
  await writeDeploymentSettings(input);
  await writeAudit({
    actor,
    action: "smtp.update",
    target: "deployment",
    before: { server: shown(saved.smtpUrl), mailFrom: saved.mailFrom },
    after: { server: shown(input.smtpUrl), mailFrom: input.mailFrom },
  });
  return describeChannels();
}

export const testEmailBody = z.strictObject({ to: z.email().max(320) });

export type TestEmailResult = { provider: "smtp" | "outbox"; accepted: boolean; response: string };

/** Sends one test email through the provider in use and reports what it answered. */
export async function sendTestEmail(actor: AdminActor, to: string): Promise<TestEmailResult> {
  const { provider, from } = await emailProvider();
  const { publicUrl } = getConfig();
  const rendered = renderEmail({
    title: "Herald test email",
    body: "This is a test email sent from Herald's admin console. If you can read it, email delivery works.",
    actionUrl: "/admin/channels",
    typeName: "Test email",
    publicUrl,
    unsubscribeUrl: null,
  });
  let result: TestEmailResult;
  try {
    const sent = await provider.send({ notificationId: null, from, to, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: {} });
    result = { provider: provider.name, ...sent };
  } catch (error) {
    result = { provider: provider.name, accepted: false, response: error instanceof Error ? error.message : String(error) };
  }
  await writeAudit({ actor, action: "email.test", target: to, after: result });
  return result;
}
