"use client";
// The audit log: every change an admin made, with what it was before and after.
import { useState } from "react";
import type { AuditEntry } from "@/server/admin/audit-log.ts";
import { useAdminResource } from "./admin-api.ts";
import { Button, EmptyState, ErrorState, Loading, PageTitle, Table, Time, cellClass } from "./parts.tsx";

const show = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value, null, 1));

export function AuditLog() {
  const [before, setBefore] = useState<string | null>(null);
  const { data, error, reload } = useAdminResource<{ entries: AuditEntry[]; next: string | null }>(`audit${before ? `?before=${before}` : ""}`, before ? undefined : 5000);
  return (
    <>
      <PageTitle title="Audit log" description="Every change made in this console: who, what, when, before and after." />
      {error && <ErrorState message={`The audit log could not be loaded: ${error.message}`} onRetry={reload} />}
      {!data && !error && <Loading />}
      {data && data.entries.length === 0 && <EmptyState title="No changes yet" description="Changes made in the console are recorded here." />}
      {data && data.entries.length > 0 && (
        <Table caption="Audit log" head={["When", "Who", "What", "Before", "After"]}>
          {data.entries.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className={cellClass}>
                <Time at={e.at} />
              </td>
              <td className={cellClass}>{e.actorName ?? e.actorId}</td>
              <td className={cellClass}>
                <span className="font-medium">{e.action}</span>
                <div className="break-all text-xs text-fg-muted">{e.target}</div>
              </td>
              <td className={cellClass}>
                <pre className="max-w-64 whitespace-pre-wrap break-all text-xs">{show(e.before)}</pre>
              </td>
              <td className={cellClass}>
                <pre className="max-w-64 whitespace-pre-wrap break-all text-xs">{show(e.after)}</pre>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <div className="mt-4 flex gap-2">
        {before && <Button onClick={() => setBefore(null)}>Newest</Button>}
        {data?.next && <Button onClick={() => setBefore(data.next)}>Older</Button>}
      </div>
    </>
  );
}
