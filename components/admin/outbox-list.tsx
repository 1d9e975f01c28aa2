"use client";
// The email outbox: what Herald would have sent without SMTP, newest first.
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import type { OutboxSummary } from "@/server/admin/outbox.ts";
import { useAdminResource } from "./admin-api.ts";
import { EmptyState, ErrorState, Loading, PageTitle, Table, Time, cellClass, inputClass, linkClass } from "./parts.tsx";

export function OutboxList() {
  const [to, setTo] = useState("");
  const deferred = useDeferredValue(to.trim());
  const { data, error, loading, reload } = useAdminResource<{ emails: OutboxSummary[] }>(`outbox?to=${encodeURIComponent(deferred)}`, 5000);
  return (
    <>
      <PageTitle title="Email outbox" description="Without SMTP, emails are written here instead of sent. Open one to see it as its recipient would." />
      <div className="mb-4 max-w-md">
        <label htmlFor="outbox-to" className="sr-only">
          Filter by recipient
        </label>
        <input id="outbox-to" type="search" placeholder="Filter by recipient" value={to} onChange={(e) => setTo(e.target.value)} className={inputClass} />
      </div>
      {error && <ErrorState message={`The outbox could not be loaded: ${error.message}`} onRetry={reload} />}
      {!data && loading && <Loading />}
      {data && data.emails.length === 0 && <EmptyState title="The outbox is empty" description="Emails appear here when a notification falls back to email, or after a test email." />}
      {data && data.emails.length > 0 && (
        <Table caption="Emails in the outbox" head={["Subject", "To", "Written"]}>
          {data.emails.map((e) => (
            <tr key={e.id} data-testid="outbox-row">
              <td className={cellClass}>
                <Link href={`/admin/outbox/${e.id}`} className={linkClass}>
                  <span dir="auto">{e.subject}</span>
                </Link>
              </td>
              <td className={cellClass}>{e.to}</td>
              <td className={cellClass}>
                <Time at={e.at} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
