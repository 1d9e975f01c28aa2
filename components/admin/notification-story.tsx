"use client";
// One notification's whole story: who published it (with which API key), and what each
// channel did and why, from the delivery log; the emails written for it.
import Link from "next/link";
import type { NotificationStory as Story } from "@/server/admin/delivery-log.ts";
import { useAdminResource } from "./admin-api.ts";
import { Badge, Card, ErrorState, Loading, PageTitle, Time, linkClass, statusTone } from "./parts.tsx";

const CHANNEL_NAMES: Record<string, string> = { in_app: "In-app", push: "Push", email: "Email" };

export function NotificationStory({ id }: { id: string }) {
  const { data, error, reload } = useAdminResource<Story>(`deliveries/${encodeURIComponent(id)}`, 5000);
  if (error && !data) return <ErrorState message={error.status === 404 ? "This notification does not exist (or was cleared)." : `It could not be loaded: ${error.message}`} onRetry={reload} />;
  if (!data) return <Loading />;
  const n = data.notification;
  return (
    <>
      <PageTitle title={n.title} description={<>{n.type} · to <Link className={linkClass} href={`/admin/people/${encodeURIComponent(n.userId)}`}>{n.personName ?? n.userId}</Link></>} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Published">
          <dl className="space-y-1 text-sm">
            <div>
              <dt className="inline font-medium">When: </dt>
              <dd className="inline">
                <Time at={n.createdAt} />
              </dd>
            </div>
            <div data-testid="published-by">
              <dt className="inline font-medium">By: </dt>
              <dd className="inline">
                {data.publishedBy.kind === "api-key" ? (
                  <>
                    API key “{data.publishedBy.name}” (<code>{data.publishedBy.prefix}…</code>){data.publishedBy.revoked && <> <Badge tone="danger">revoked since</Badge></>}
                  </>
                ) : (
                  "the admin console or a script (no API key)"
                )}
              </dd>
            </div>
            <div>
              <dt className="inline font-medium">Read: </dt>
              <dd className="inline">{n.readAt ? <Time at={n.readAt} /> : "not yet"}</dd>
            </div>
          </dl>
          {n.body && (
            <p dir="auto" className="mt-3 whitespace-pre-line break-words text-sm text-fg-muted">
              {n.body}
            </p>
          )}
        </Card>
        <Card title="Emails written">
          {data.emails.length === 0 ? (
            <p className="text-sm text-fg-muted">None in the outbox for this notification.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.emails.map((e) => (
                <li key={e.id}>
                  <Link href={`/admin/outbox/${e.id}`} className={linkClass}>
                    {e.subject}
                  </Link>{" "}
                  to {e.to}, <Time at={e.at} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {data.group?.kind === "part" && (
        <p className="mt-4 text-sm" data-testid="story-group">
          Folded into a grouped item (storm control), which carries the routing:{" "}
          <Link href={`/admin/deliveries/${data.group.itemId}`} className={linkClass}>
            open the item
          </Link>
        </p>
      )}
      {data.group?.kind === "item" && (
        <div className="mt-4">
        <Card title={`Grouped: ${data.group.parts.length === 50 ? "the latest 50" : data.group.parts.length} notification${data.group.parts.length === 1 ? "" : "s"}`}>
          <ul className="space-y-1 text-sm" data-testid="story-group">
            {data.group.parts.map((part) => (
              <li key={part.id}>
                <Link href={`/admin/deliveries/${part.id}`} className={linkClass}>
                  <span dir="auto">{part.title}</span>
                </Link>
                , <Time at={part.at} />
              </li>
            ))}
          </ul>
        </Card>
        </div>
      )}
      <h2 className="mb-2 mt-6 text-base font-semibold">Channels</h2>
      <ol className="space-y-2" data-testid="story">
        {data.deliveries.map((d) => (
          <li key={d.channel} className="rounded-card border border-line bg-surface p-3">
            <div className="flex flex-wrap items-center gap-2">
              <strong>{CHANNEL_NAMES[d.channel] ?? d.channel}</strong>
              <Badge tone={statusTone(d.status)}>{d.status}</Badge>
              <span className="text-xs text-fg-muted">
                <Time at={d.at} />
                {d.attempts > 1 && ` · ${d.attempts} attempts`}
              </span>
            </div>
            <p className="mt-1 text-sm" data-testid={`reason-${d.channel}`}>
              {d.reason}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
