"use client";
// API keys: create one (its secret is shown once, with a copy button), see each key's
// creator and last use, revoke one (every instance refuses it at once).
import { useState } from "react";
import type { AdminApiKey } from "@/server/admin/api-keys.ts";
import { adminFetch, AdminApiError, useAdminResource, formText } from "./admin-api.ts";
import { ConfirmButton } from "./confirm-button.tsx";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Loading, Notice, PageTitle, Table, Time, cellClass, inputClass } from "./parts.tsx";

type Created = { id: string; name: string; prefix: string; secret: string };

export function ApiKeysPanel() {
  const { data, error, reload } = useAdminResource<{ keys: AdminApiKey[] }>("api-keys");
  const [created, setCreated] = useState<Created | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [copied, setCopied] = useState(false);

  const create = async (form: FormData) => {
    setNameError(undefined);
    setNotice(null);
    setCopied(false);
    try {
      const { key } = await adminFetch<{ key: Created }>("api-keys", { method: "POST", body: { name: formText(form, "name") } });
      setCreated(key);
      reload();
    } catch (e) {
      setNameError(e instanceof AdminApiError ? (e.fields.name ?? e.message) : String(e));
    }
  };
  const revoke = async (key: AdminApiKey) => {
    setNotice(null);
    try {
      await adminFetch(`api-keys/${key.id}`, { method: "DELETE" });
      setNotice({ tone: "success", text: `“${key.name}” is revoked: every instance refuses it now.` });
      if (created?.id === key.id) setCreated(null);
      reload();
    } catch (e) {
      setNotice({ tone: "danger", text: e instanceof AdminApiError ? e.message : String(e) });
    }
  };

  return (
    <>
      <PageTitle title="API keys" description="Keys let your services publish notifications and register people." />
      <div className="space-y-4">
        <Card title="Create a key">
          <form action={create} className="flex flex-wrap items-end gap-3">
            <div className="min-w-64 flex-1">
              <Field id="key-name" label="Name" error={nameError} hint="Say which service uses it, e.g. “billing”.">
                <input id="key-name" name="name" aria-invalid={Boolean(nameError)} className={inputClass} />
              </Field>
            </div>
            <Button type="submit" variant="primary">
              Create key
            </Button>
          </form>
          {created && (
            <div className="mt-4 space-y-2" data-testid="new-key">
              <Notice tone="warning">Copy the secret of “{created.name}” now: it is shown only once.</Notice>
              <div className="flex flex-wrap items-center gap-2">
                <code className="min-w-0 flex-1 break-all rounded bg-surface-muted p-2 text-xs" data-testid="new-key-secret">
                  {created.secret}
                </code>
                <Button size="sm" onClick={() => void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true), () => setCopied(false))}>
                  {copied ? "Copied" : "Copy"}
                </Button>
              </div>
            </div>
          )}
        </Card>
        {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
        {error && <ErrorState message={`Keys could not be loaded: ${error.message}`} onRetry={reload} />}
        {!data && !error && <Loading />}
        {data && data.keys.length === 0 && <EmptyState title="No API keys yet" description="Create one above for each service that publishes." />}
        {data && data.keys.length > 0 && (
          <Table caption="API keys" head={["Name", "Created", "Last used", "State", ""]}>
            {data.keys.map((k) => (
              <tr key={k.id} data-testid={`key-${k.name}`}>
                <td className={cellClass}>
                  <span className="font-medium">{k.name}</span>
                  <div className="text-xs text-fg-muted">
                    <code>{k.prefix}…</code>
                  </div>
                </td>
                <td className={cellClass}>
                  <Time at={k.createdAt} />
                  <div className="text-xs text-fg-muted">by {k.createdBy ? (k.createdBy.name ?? k.createdBy.id) : "a shell command"}</div>
                </td>
                <td className={cellClass}>
                  <Time at={k.lastUsedAt} />
                </td>
                <td className={cellClass}>{k.revokedAt ? <Badge tone="danger">revoked</Badge> : <Badge tone="success">active</Badge>}</td>
                <td className={cellClass}>
                  {!k.revokedAt && (
                    <ConfirmButton
                      label="Revoke"
                      danger
                      title={`Revoke “${k.name}”?`}
                      description="Every instance refuses it at once. Services using it stop publishing until they get a new key."
                      onConfirm={() => revoke(k)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </div>
    </>
  );
}
