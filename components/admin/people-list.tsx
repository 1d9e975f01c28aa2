"use client";
// People: search by name, email or id; who is online; open one person.
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import type { PersonSummary } from "@/server/admin/people.ts";
import { useAdminResource } from "./admin-api.ts";
import { Badge, EmptyState, ErrorState, Loading, PageTitle, Table, cellClass, inputClass, linkClass } from "./parts.tsx";

export function PeopleList() {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const { data, error, loading, reload } = useAdminResource<{ people: PersonSummary[] }>(`people?q=${encodeURIComponent(deferred)}`, 5000);
  return (
    <>
      <PageTitle title="People" description="Search, then open a person to see where they are online, their sessions and push subscriptions." />
      <div className="mb-4 max-w-md">
        <label htmlFor="people-search" className="sr-only">
          Search people
        </label>
        <input id="people-search" type="search" placeholder="Search by name, email or id" value={q} onChange={(e) => setQ(e.target.value)} className={inputClass} />
      </div>
      {error && <ErrorState message={`People could not be loaded: ${error.message}`} onRetry={reload} />}
      {!data && loading && <Loading />}
      {data && data.people.length === 0 && <EmptyState title="Nobody matches" description={deferred ? `No one's name, email or id contains “${deferred}”.` : "No people yet."} />}
      {data && data.people.length > 0 && (
        <Table caption="People" head={["Person", "Status", "Role", "Unread"]}>
          {data.people.map((p) => (
            <tr key={p.id} data-testid={`person-${p.id}`}>
              <td className={cellClass}>
                <Link href={`/admin/people/${encodeURIComponent(p.id)}`} className={linkClass}>
                  {p.name ?? p.email ?? p.id}
                </Link>
                <div className="text-xs text-fg-muted">{p.email ?? p.id}</div>
              </td>
              <td className={cellClass}>
                {p.disabled ? <Badge tone="danger">disabled</Badge> : p.online ? <Badge tone="success">online</Badge> : <Badge>offline</Badge>}
              </td>
              <td className={cellClass}>{p.role === "admin" ? <Badge tone="accent">admin</Badge> : "user"}</td>
              <td className={`${cellClass} tabular-nums`}>{p.unreadCount}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
