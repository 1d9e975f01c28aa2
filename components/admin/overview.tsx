"use client";
// The overview, polled every 3 s: instances and their sockets, people online, volume,
// push and email outcomes of the last hour, jobs waiting.
import type { Overview as OverviewData } from "@/server/admin/overview.ts";
import { useAdminResource } from "./admin-api.ts";
import { Badge, Card, ErrorState, Loading, PageTitle, statusTone, Table, cellClass, Time } from "./parts.tsx";

export const OVERVIEW_POLL_MS = 3000;

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-card border border-line bg-surface p-4">
      <dt className="text-sm text-fg-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value.toLocaleString()}
      </dd>
    </div>
  );
}

function Outcomes({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts);
  return (
    <Card title={title}>
      {entries.length === 0 ? (
        <p className="text-sm text-fg-muted">Nothing in the last hour.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {entries.map(([status, n]) => (
            <li key={status}>
              <Badge tone={statusTone(status)}>
                {status}: {n}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function Overview() {
  const { data, error, reload } = useAdminResource<OverviewData>("overview", OVERVIEW_POLL_MS);
  return (
    <>
      <PageTitle title="Overview" description={data ? <>Live, refreshed every few seconds · <Time at={data.at} /></> : "Live, refreshed every few seconds"} />
      {error && <ErrorState message={`The overview could not be loaded: ${error.message}`} onRetry={reload} />}
      {!data && !error && <Loading />}
      {data && (
        <div className="space-y-4">
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
            <Stat label="People online" value={data.peopleOnline} testId="people-online" />
            <Stat label="Connections" value={data.connections} testId="connections" />
            <Stat label="Published, last minute" value={data.published.lastMinute} testId="published-minute" />
            <Stat label="Published, last hour" value={data.published.lastHour} testId="published-hour" />
            <Stat label="Jobs waiting" value={data.queue.pending} testId="queue-pending" />
          </dl>
          <div className="grid gap-4 md:grid-cols-2">
            <Outcomes title="Push, last hour" counts={data.outcomes.push} />
            <Outcomes title="Email, last hour" counts={data.outcomes.email} />
          </div>
          <Table caption="Running instances" head={["Instance", "Address", "Connections", "Started", "Last seen"]}>
            {data.instances.map((i) => (
              <tr key={i.id}>
                <td className={cellClass}>
                  <code className="text-xs">{i.id.slice(0, 8)}</code> {i.self && <Badge tone="accent">this page</Badge>}
                </td>
                <td className={cellClass}>{i.url}</td>
                <td className={`${cellClass} tabular-nums`}>{i.connections}</td>
                <td className={cellClass}>
                  <Time at={i.startedAt} />
                </td>
                <td className={cellClass}>
                  <Time at={i.seenAt} />
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </>
  );
}
