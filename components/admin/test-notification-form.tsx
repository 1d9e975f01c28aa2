"use client";
// Send a test notification to one person or to everyone, of any type, through the same
// publish path as the API; the admin's own bell shows it when they are a recipient.
import Link from "next/link";
import { useState } from "react";
import type { NotificationType } from "@/server/types/type-definition.ts";
import { adminFetch, AdminApiError, useAdminResource, formText } from "./admin-api.ts";
import { Button, Card, Field, Notice, PageTitle, inputClass, linkClass } from "./parts.tsx";
import { PersonPicker } from "./person-picker.tsx";

export function TestNotificationForm() {
  const types = useAdminResource<{ types: NotificationType[] }>("types");
  const [target, setTarget] = useState<"person" | "everyone">("person");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ tone: "success" | "danger"; text: string; id?: string } | null>(null);
  const [sending, setSending] = useState(false);

  const send = async (form: FormData) => {
    setErrors({});
    setResult(null);
    setSending(true);
    const recipient = target === "everyone" ? "everyone" : formText(form, "to");
    const actionUrl = formText(form, "actionUrl").trim();
    const body = formText(form, "body");
    try {
      const sent = await adminFetch<{ ids: string[]; recipients: number }>("test-notifications", {
        method: "POST",
        body: {
          to: recipient === "everyone" ? "everyone" : { userId: recipient },
          type: formText(form, "type"),
          title: formText(form, "title"),
          ...(body ? { body } : {}),
          ...(actionUrl ? { actionUrl } : {}),
        },
      });
      setResult({ tone: "success", text: `Published to ${sent.recipients} ${sent.recipients === 1 ? "person" : "people"}.`, id: sent.ids[0] });
    } catch (e) {
      if (e instanceof AdminApiError && e.status === 422) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^to\..*$/, "to"), v])));
      setResult({ tone: "danger", text: e instanceof AdminApiError ? e.message : String(e) });
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <PageTitle title="Send a test notification" description="Published like any service's notification: routed by type and preferences, and logged." />
      <Card>
        <form action={send} className="grid gap-3 sm:grid-cols-2">
          <fieldset className="space-y-2 sm:col-span-2">
            <legend className="text-sm font-medium">To</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              {(["person", "everyone"] as const).map((value) => (
                <label key={value} className="flex min-h-touch items-center gap-2 sm:min-h-0">
                  <input type="radio" name="target" value={value} checked={target === value} onChange={() => setTarget(value)} className="focus-ring" />
                  {value === "person" ? "One person" : "Everyone (every active person)"}
                </label>
              ))}
            </div>
            {target === "person" && (
              <Field id="t-to" label="Person" error={errors.to} hint="Type to search by name, email or id, then pick with the arrow keys and Enter.">
                <PersonPicker id="t-to" name="to" invalid={Boolean(errors.to)} describedBy={errors.to ? "t-to-error" : undefined} />
              </Field>
            )}
          </fieldset>
          <Field id="t-type" label="Type" error={errors.type} hint="A type not registered yet is auto-registered with defaults.">
            <input id="t-type" name="type" list="t-types" defaultValue="admin.test" aria-invalid={Boolean(errors.type)} className={inputClass} />
            <datalist id="t-types">
              {types.data?.types.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.displayName}
                </option>
              ))}
            </datalist>
          </Field>
          <div className="sm:col-span-2">
            <Field id="t-title" label="Title" error={errors.title}>
              <input id="t-title" name="title" defaultValue="Test notification" aria-invalid={Boolean(errors.title)} className={inputClass} />
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Field id="t-body" label="Body (optional)" error={errors.body}>
              <textarea id="t-body" name="body" rows={3} className={`${inputClass} py-2`} />
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Field id="t-url" label="Link (optional)" error={errors.actionUrl} hint="A path on Herald, such as /notifications.">
              <input id="t-url" name="actionUrl" aria-invalid={Boolean(errors.actionUrl)} className={inputClass} />
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Button type="submit" variant="primary" disabled={sending}>
              {sending ? "Publishing…" : "Publish"}
            </Button>
          </div>
        </form>
        {result && (
          <div className="mt-4">
            <Notice tone={result.tone}>
              {result.text}{" "}
              {result.id && (
                <Link className={linkClass} href={`/admin/deliveries/${result.id}`}>
                  See its story
                </Link>
              )}
            </Notice>
          </div>
        )}
      </Card>
    </>
  );
}
