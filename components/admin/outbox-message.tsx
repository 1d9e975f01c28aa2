"use client";
// One email from the outbox, as its recipient would see it: the HTML in a sandboxed iframe
// (srcdoc, no scripts, no same-origin access, so nothing in a mail runs or reaches this
// page), the plain-text part and the headers.
import Link from "next/link";
import { useState } from "react";
import type { OutboxMessage as Message } from "@/server/admin/outbox.ts";
import { useAdminResource } from "./admin-api.ts";
import { Button, Card, ErrorState, Loading, PageTitle, Time, linkClass } from "./parts.tsx";

export function OutboxMessage({ id }: { id: string }) {
  const { data, error, reload } = useAdminResource<{ email: Message }>(`outbox/${encodeURIComponent(id)}`);
  const [view, setView] = useState<"html" | "text">("html");
  if (error && !data) return <ErrorState message={error.status === 404 ? "There is no such email in the outbox." : `It could not be loaded: ${error.message}`} onRetry={reload} />;
  if (!data) return <Loading />;
  const e = data.email;
  return (
    <>
      <PageTitle title={e.subject} description={<>To {e.to}{e.from && <> · from {e.from}</>} · <Time at={e.at} /></>} />
      {e.notificationId && (
        <p className="mb-3 text-sm">
          For <Link className={linkClass} href={`/admin/deliveries/${e.notificationId}`}>this notification</Link>.
        </p>
      )}
      <div className="mb-3 flex gap-2" role="group" aria-label="Show as">
        <Button size="sm" variant={view === "html" ? "primary" : "secondary"} aria-pressed={view === "html"} onClick={() => setView("html")}>
          HTML
        </Button>
        <Button size="sm" variant={view === "text" ? "primary" : "secondary"} aria-pressed={view === "text"} onClick={() => setView("text")}>
          Plain text
        </Button>
      </div>
      {view === "html" ? (
        <iframe title={`Email: ${e.subject}`} sandbox="" srcDoc={e.html} className="h-[32rem] w-full rounded-card border border-line bg-white" data-testid="email-html" />
      ) : (
        <pre className="whitespace-pre-wrap break-words rounded-card border border-line bg-surface p-4 text-sm" data-testid="email-text">
          {e.text}
        </pre>
      )}
      {Object.keys(e.headers).length > 0 && (
        <Card title="Headers" className="mt-4">
          <dl className="space-y-1 text-xs">
            {Object.entries(e.headers).map(([k, v]) => (
              <div key={k} className="break-all">
                <dt className="inline font-medium">{k}: </dt>
                <dd className="inline">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </>
  );
}
