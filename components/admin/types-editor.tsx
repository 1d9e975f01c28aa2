"use client";
// The types editor: every field of each type. A save names the version it started from;
// if another admin saved since, the server answers 409 and this says so (with their
// version to reload) instead of overwriting it. Auto-registered types are flagged until
// an admin saves them (reviews them).
import { useState } from "react";
import type { NotificationType } from "@/server/types/type-definition.ts";
import { adminFetch, AdminApiError, useAdminResource, formText } from "./admin-api.ts";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Loading, Notice, PageTitle, Time, inputClass } from "./parts.tsx";

const CHANNELS = [
  ["in_app", "In-app"],
  ["push", "Push"],
  ["email", "Email"],
] as const;

export function TypesEditor() {
  const { data, error, reload } = useAdminResource<{ types: NotificationType[] }>("types");
  if (error && !data) return <ErrorState message={`Types could not be loaded: ${error.message}`} onRetry={reload} />;
  if (!data) return <Loading />;
  const review = data.types.filter((t) => t.autoRegistered).length;
  return (
    <>
      <PageTitle
        title="Notification types"
        description={review > 0 ? `${review} auto-registered type${review === 1 ? "" : "s"} to review: published before anyone declared them, so running on defaults.` : "How each type is shown and routed. A change applies on every instance at once."}
      />
      {data.types.length === 0 ? (
        <EmptyState title="No types yet" description="Types appear when a service declares one (PUT /api/v1/types/{type}) or first publishes it." />
      ) : (
        <div className="space-y-3">
          {data.types.map((t) => (
            <TypeCard key={`${t.type}@${t.updatedAt}`} initial={t} onSaved={reload} />
          ))}
        </div>
      )}
    </>
  );
}

function TypeCard({ initial, onSaved }: { initial: NotificationType; onSaved: () => void }) {
  const [t, setT] = useState(initial);
  const [open, setOpen] = useState(initial.autoRegistered);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "danger" | "warning"; text: string } | null>(null);
  const [conflict, setConflict] = useState<NotificationType | null>(null);
  const id = (f: string) => `type-${t.type}-${f}`;

  const save = async (form: FormData) => {
    setErrors({});
    setNotice(null);
    const delay = formText(form, "emailAfterSeconds").trim();
    const body = {
      displayName: formText(form, "displayName"),
      description: formText(form, "description"),
      priority: formText(form, "priority"),
      defaultChannels: CHANNELS.map(([c]) => c).filter((c) => form.get(`channel-${c}`) === "on"),
      critical: form.get("critical") === "on",
      emailAfterSeconds: delay === "" ? null : Number(delay),
      batchWindowSeconds: Number(form.get("batchWindowSeconds")),
      expectedUpdatedAt: t.updatedAt,
    };
    try {
      const saved = await adminFetch<{ type: NotificationType }>(`types/${encodeURIComponent(t.type)}`, { method: "PUT", body });
      setT(saved.type);
      setConflict(null);
      setNotice({ tone: "success", text: "Saved. Every instance uses it now." });
      onSaved();
    } catch (e) {
      if (!(e instanceof AdminApiError)) return setNotice({ tone: "danger", text: String(e) });
      if (e.status === 409) setConflict((e.details as { current?: NotificationType } | undefined)?.current ?? null);
      if (e.status === 422) setErrors(e.fields);
      setNotice({ tone: e.status === 409 ? "warning" : "danger", text: e.message });
    }
  };

  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          <span>{t.displayName}</span>
          <code className="text-xs font-normal text-fg-muted">{t.type}</code>
          {t.autoRegistered && <Badge tone="warning">auto-registered: review</Badge>}
          {t.critical && <Badge tone="danger">critical</Badge>}
          <Badge>{t.priority}</Badge>
        </span>
      }
      actions={
        <Button size="sm" aria-expanded={open} aria-controls={id("form")} onClick={() => setOpen(!open)}>
          {open ? "Close" : "Edit"}
        </Button>
      }
    >
      <p className="text-sm text-fg-muted">
        {t.defaultChannels.map((c) => CHANNELS.find(([k]) => k === c)?.[1]).join(", ")}
        {t.emailAfterSeconds !== null && ` · email after ${t.emailAfterSeconds} s if unread`} · grouped within {t.batchWindowSeconds} s · changed <Time at={t.updatedAt} />
      </p>
      {notice && (
        <div className="mt-3">
          <Notice tone={notice.tone}>
            {notice.text}
            {conflict && (
              <>
                {" "}
                <button type="button" className="font-medium underline" onClick={() => (setT(conflict), setConflict(null), setNotice(null))}>
                  Load their version
                </button>
              </>
            )}
          </Notice>
        </div>
      )}
      {open && (
        <form id={id("form")} action={save} key={t.updatedAt} className="mt-4 grid gap-3 sm:grid-cols-2">
          <Field id={id("name")} label="Name" error={errors.displayName}>
            <input id={id("name")} name="displayName" defaultValue={t.displayName} aria-invalid={Boolean(errors.displayName)} className={inputClass} />
          </Field>
          <Field id={id("priority")} label="Priority" error={errors.priority}>
            <select id={id("priority")} name="priority" defaultValue={t.priority} className={inputClass}>
              <option value="low">low</option>
              <option value="normal">normal</option>
              <option value="high">high</option>
            </select>
          </Field>
          <div className="sm:col-span-2">
            <Field id={id("description")} label="Description" error={errors.description}>
              <input id={id("description")} name="description" defaultValue={t.description} aria-invalid={Boolean(errors.description)} className={inputClass} />
            </Field>
          </div>
          <fieldset className="sm:col-span-2">
            <legend className="text-sm font-medium">Default channels</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {CHANNELS.map(([c, label]) => (
                <label key={c} className="inline-flex min-h-11 items-center gap-2 text-sm sm:min-h-0">
                  <input type="checkbox" name={`channel-${c}`} defaultChecked={t.defaultChannels.includes(c)} className="h-4 w-4" />
                  {label}
                </label>
              ))}
            </div>
            {errors.defaultChannels && <p className="text-sm text-danger">{errors.defaultChannels}</p>}
          </fieldset>
          <Field id={id("email")} label="Email after (seconds if still unread; empty: 300 for whoever gets it by email)" error={errors.emailAfterSeconds}>
            <input id={id("email")} name="emailAfterSeconds" inputMode="numeric" defaultValue={t.emailAfterSeconds ?? ""} aria-invalid={Boolean(errors.emailAfterSeconds)} className={inputClass} />
          </Field>
          <Field id={id("batch")} label="Group within (seconds)" error={errors.batchWindowSeconds}>
            <input id={id("batch")} name="batchWindowSeconds" inputMode="numeric" defaultValue={t.batchWindowSeconds} aria-invalid={Boolean(errors.batchWindowSeconds)} className={inputClass} />
          </Field>
          <label className="inline-flex min-h-11 items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" name="critical" defaultChecked={t.critical} className="h-4 w-4" />
            Critical: people cannot turn it off on its default channels
          </label>
          <div className="sm:col-span-2">
            <Button type="submit" variant="primary">
              {t.autoRegistered ? "Save and mark reviewed" : "Save"}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
