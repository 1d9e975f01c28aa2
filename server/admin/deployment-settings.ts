// Deployment-wide settings an admin sets in the console: each channel on or off for
// everyone, and SMTP. Read on every publish and every email, so each process keeps them in
// memory, dropped when any process changes them (the `settings-changed` control event, sent
// by the same statement). SMTP_URL and MAIL_FROM in the environment win when set.
import { z } from "zod";
import { getConfig, smtpUrlSchema } from "../config/index.ts";
import { checkOutboundHostname } from "../net/outbound-url.ts";
import { sql } from "../db/index.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import type { Channel } from "../types/type-definition.ts";

export type DeploymentSettings = {
  channels: Record<Channel, boolean>;
  smtpUrl: string | null;
  mailFrom: string | null;
  updatedAt: string;
};

type Row = { in_app_enabled: boolean; push_enabled: boolean; email_enabled: boolean; smtp_url: string | null; mail_from: string | null; updated_at: Date };

const DEFAULTS: Row = { in_app_enabled: true, push_enabled: true, email_enabled: true, smtp_url: null, mail_from: null, updated_at: new Date(0) };

const store = globalThis as unknown as { __heraldSettings?: Promise<DeploymentSettings> };

function toSettings(row: Row): DeploymentSettings {
  return {
    channels: { in_app: row.in_app_enabled, push: row.push_enabled, email: row.email_enabled },
    smtpUrl: row.smtp_url,
    mailFrom: row.mail_from,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function getDeploymentSettings(): Promise<DeploymentSettings> {
  store.__heraldSettings ??= sql()
    .query<Row>({ name: "deployment-settings", text: "SELECT * FROM deployment_settings WHERE id = 1" })
    .then(({ rows }) => toSettings(rows[0] ?? DEFAULTS))
    .catch((error: unknown) => {
      store.__heraldSettings = undefined;
      throw error;
    });
  return store.__heraldSettings;
}

/** Forgets the cached settings (a control event said they changed). */
export function invalidateDeploymentSettings(): void {
  store.__heraldSettings = undefined;
}

/** Channels an admin turned off for the whole deployment. */
export async function channelsTurnedOff(): Promise<Set<Channel>> {
  const { channels } = await getDeploymentSettings();
  return new Set((Object.keys(channels) as Channel[]).filter((c) => !channels[c]));
}

export const channelSwitchesBody = z.strictObject({
  in_app: z.boolean(),
  push: z.boolean(),
  email: z.boolean(),
});

/** SMTP from the console: a URL (credentials inside) and the sender; null clears either. */
export const smtpSettingsBody = z.strictObject({
  // The host is checked as a push endpoint's is (server/net/outbound-url.ts): an internal
  // target is a 422 now, not a refusal at the first send. SMTP_URL from the environment is
  // the operator's own and is not limited.
  smtpUrl: smtpUrlSchema
    .max(2000)
    .superRefine((value, ctx) => {
      const reason = URL.canParse(value) ? checkOutboundHostname(new URL(value).hostname) : null;
      if (reason) ctx.addIssue({ code: "custom", message: reason });
    })
    .nullable(),
  mailFrom: z.string().trim().min(3).max(320).regex(/^[^\r\n]+$/, "one line").nullable(),
});

export type SettingsChange = Partial<{ channels: z.infer<typeof channelSwitchesBody> } & z.infer<typeof smtpSettingsBody>>;

/** Writes a change and announces it to every process in the same statement. */
export async function writeDeploymentSettings(change: SettingsChange): Promise<DeploymentSettings> {
  const c = change.channels;
  const { rows } = await sql().query<Row>(
    `WITH saved AS (
       INSERT INTO deployment_settings (id, in_app_enabled, push_enabled, email_enabled, smtp_url, mail_from, updated_at)
       VALUES (1, coalesce($1, true), coalesce($2, true), coalesce($3, true), $5, $7, now())
       ON CONFLICT (id) DO UPDATE SET
         in_app_enabled = coalesce($1, deployment_settings.in_app_enabled),
         push_enabled = coalesce($2, deployment_settings.push_enabled),
         email_enabled = coalesce($3, deployment_settings.email_enabled),
         smtp_url = CASE WHEN $4 THEN $5 ELSE deployment_settings.smtp_url END,
         mail_from = CASE WHEN $6 THEN $7 ELSE deployment_settings.mail_from END,
         updated_at = now()
       RETURNING *
     )
     SELECT saved.*, pg_notify('${CONTROL_CHANNEL}', '{"kind":"settings-changed"}') FROM saved`,
    [c?.in_app ?? null, c?.push ?? null, c?.email ?? null, "smtpUrl" in change, change.smtpUrl ?? null, "mailFrom" in change, change.mailFrom ?? null],
  );
  invalidateDeploymentSettings();
  return toSettings(rows[0]);
}

export type EffectiveSmtp = { smtpUrl: string | undefined; from: string; source: "env" | "console" | "none" };

/** Where mail goes now: SMTP_URL from the environment, else the console's, else the outbox. */
export async function effectiveSmtp(): Promise<EffectiveSmtp> {
  const { email } = getConfig();
  const saved = await getDeploymentSettings();
  if (email.smtpUrl) return { smtpUrl: email.smtpUrl, from: email.fromSetInEnv ? email.from : (saved.mailFrom ?? email.from), source: "env" };
  const from = email.fromSetInEnv ? email.from : (saved.mailFrom ?? email.from);
  return { smtpUrl: saved.smtpUrl ?? undefined, from, source: saved.smtpUrl ? "console" : "none" };
}
