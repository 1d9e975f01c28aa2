"use client";
// Channels for the whole deployment: on/off switches, SMTP (kept in the database; the
// environment wins) with a test email that shows the server's answer, and push status.
import { useState } from "react";
import type { ChannelsView, TestEmailResult } from "@/server/admin/channels.ts";
import { adminFetch, AdminApiError, useAdminResource, formText } from "./admin-api.ts";
import { AdminSwitch } from "./admin-switch.tsx";
import { Badge, Button, Card, ErrorState, Field, Loading, Notice, PageTitle, inputClass } from "./parts.tsx";

const SWITCHES = [
  ["in_app", "In-app", "The bell, the feed and live updates."],
  ["push", "Push", "Web Push to browsers and phones when the person is not online."],
  ["email", "Email", "The email fallback for types that have one."],
] as const;

export function ChannelsPanel() {
  const { data, error, reload } = useAdminResource<ChannelsView>("channels");
  const [view, setView] = useState<ChannelsView | undefined>();
  const shown = view ?? data;
  const [switchError, setSwitchError] = useState<string | null>(null);

  if (error && !shown) return <ErrorState message={`Channels could not be loaded: ${error.message}`} onRetry={reload} />;
  if (!shown) return <Loading />;

  const flip = async (channel: keyof ChannelsView["channels"], on: boolean) => {
    setSwitchError(null);
    try {
      setView(await adminFetch<ChannelsView>("channels", { method: "PUT", body: { ...shown.channels, [channel]: on } }));
    } catch (e) {
      setSwitchError(e instanceof AdminApiError ? e.message : String(e));
    }
  };

  return (
    <>
      <PageTitle title="Channels" description="What every instance does, for everyone. People choose per type within what is on here." />
      <div className="space-y-4">
        <Card title="Channels on or off">
          {switchError && <div className="mb-3"><Notice tone="danger">{switchError}</Notice></div>}
          <ul className="divide-y divide-line">
            {SWITCHES.map(([key, label, hint]) => (
              <li key={key} className="flex items-center justify-between gap-4 py-3">
                <div>
                  <label htmlFor={`switch-${key}`} className="font-medium">
                    {label}
                  </label>
                  <p id={`switch-${key}-hint`} className="text-sm text-fg-muted">
                    {hint}
                  </p>
                </div>
                <AdminSwitch id={`switch-${key}`} describedBy={`switch-${key}-hint`} checked={shown.channels[key]} onChange={(on) => void flip(key, on)} />
              </li>
            ))}
          </ul>
        </Card>
        <SmtpCard view={shown} onSaved={setView} />
        <TestEmailCard />
        <Card title="Push">
          <p className="text-sm">
            {shown.push.configured ? <Badge tone="success">configured</Badge> : <Badge tone="warning">not configured</Badge>}{" "}
            VAPID public key (browsers subscribe with it):
          </p>
          <code className="mt-2 block break-all rounded bg-surface-muted p-2 text-xs" data-testid="vapid-key">
            {shown.push.vapidPublicKey ?? "none"}
          </code>
        </Card>
      </div>
    </>
  );
}

function SmtpCard({ view, onSaved }: { view: ChannelsView; onSaved: (v: ChannelsView) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const envWins = view.email.source === "env";
  const save = async (form: FormData) => {
    setErrors({});
    setNotice(null);
    const smtpUrl = formText(form, "smtpUrl").trim();
    const mailFrom = formText(form, "mailFrom").trim();
    try {
      onSaved(await adminFetch<ChannelsView>("channels/smtp", { method: "PUT", body: { smtpUrl: smtpUrl || null, mailFrom: mailFrom || null } }));
      setNotice({ tone: "success", text: smtpUrl ? "SMTP settings saved." : "SMTP settings cleared: mail goes to the outbox." });
    } catch (e) {
      if (e instanceof AdminApiError && e.status === 422) setErrors(e.fields);
      setNotice({ tone: "danger", text: e instanceof AdminApiError ? e.message : String(e) });
    }
  };
  return (
    <Card title="Email (SMTP)">
      <p className="mb-3 text-sm" data-testid="email-provider">
        Mail goes to{" "}
        {view.email.provider === "smtp" ? (
          <>
            the SMTP server <strong>{view.email.server}</strong> ({view.email.source === "env" ? "SMTP_URL in the environment" : "set here"})
          </>
        ) : (
          <strong>the outbox</strong>
        )}{" "}
        from <strong>{view.email.from}</strong>.
      </p>
      {envWins && <Notice tone="warning">SMTP_URL is set in the environment, so it wins over what is saved here.</Notice>}
      {notice && <div className="my-3"><Notice tone={notice.tone}>{notice.text}</Notice></div>}
      <form action={save} className="mt-3 grid gap-3 sm:grid-cols-2">
        <Field id="smtp-url" label="SMTP URL" error={errors.smtpUrl} hint={view.email.consoleServer ? `Saved: ${view.email.consoleServer} (the password is never shown). Leave empty to clear.` : "smtp://user:password@host:587 or smtps://…:465. Empty: the outbox."}>
          <input id="smtp-url" name="smtpUrl" type="password" autoComplete="off" aria-invalid={Boolean(errors.smtpUrl)} aria-describedby={errors.smtpUrl ? "smtp-url-error" : undefined} className={inputClass} />
        </Field>
        <Field id="mail-from" label="Sender" error={errors.mailFrom} hint="As “Herald <notifications@example.com>”.">
          <input id="mail-from" name="mailFrom" defaultValue={view.email.consoleFrom ?? ""} aria-invalid={Boolean(errors.mailFrom)} className={inputClass} />
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary">
            Save SMTP settings
          </Button>
        </div>
      </form>
    </Card>
  );
}

function TestEmailCard() {
  const [result, setResult] = useState<TestEmailResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const send = async (form: FormData) => {
    setSending(true);
    setResult(null);
    setError(null);
    try {
      setResult(await adminFetch<TestEmailResult>("channels/test-email", { method: "POST", body: { to: formText(form, "to").trim() } }));
    } catch (e) {
      setError(e instanceof AdminApiError ? (e.fields.to ?? e.message) : String(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <Card title="Send a test email">
      <form action={send} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Field id="test-to" label="To" error={error ?? undefined}>
            <input id="test-to" name="to" type="email" required aria-invalid={Boolean(error)} className={inputClass} />
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={sending}>
          {sending ? "Sending…" : "Send test email"}
        </Button>
      </form>
      {result && (
        <div className="mt-3" data-testid="test-email-result">
          <Notice tone={result.accepted ? "success" : "danger"}>
            {result.accepted ? "Accepted" : "Not sent"} ({result.provider}): {result.response}
          </Notice>
        </div>
      )}
    </Card>
  );
}
