"use client";
// The delivery log: filter by person, type, channel, status and time; each row shows its
// channels' outcomes and opens the notification's story. Filters live in the URL.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { DeliveryLogRow } from "@/server/admin/delivery-log.ts";
import { useAdminResource, formText } from "./admin-api.ts";
import { Badge, Button, EmptyState, ErrorState, Field, Loading, PageTitle, Table, Time, cellClass, inputClass, linkClass, statusTone } from "./parts.tsx";

const CHANNELS = [
  ["in_app", "In-app"],
  ["push", "Push"],
  ["email", "Email"],
] as const;
const STATUSES = ["sent", "pending", "retrying", "skipped", "failed"];

// datetime-local gives local wall time; the API wants an instant.
const toInstant = (local: string) => (local ? new Date(local).toISOString() : "");

export function DeliveryLog() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = new URLSearchParams([...params].filter(([k, v]) => v && ["person", "type", "channel", "status", "from", "to", "before"].includes(k))).toString();
  const { data, error, loading, reload } = useAdminResource<{ rows: DeliveryLogRow[]; next: string | null }>(`deliveries?${query}`, 5000);

  const apply = (form: FormData) => {
    const next = new URLSearchParams();
    for (const key of ["person", "type", "channel", "status"]) {
      const v = formText(form, key).trim();
      if (v) next.set(key, v);
    }
    for (const key of ["from", "to"]) {
      const v = toInstant(formText(form, key));
      if (v) next.set(key, v);
    }
    router.push(`${pathname}?${next.toString()}`);
  };
  const fieldError = (name: string) => (error?.status === 422 ? error.fields[name] : undefined);

  return (
    <>
      <PageTitle title="Delivery log" description="Every notification and what each channel did with it, and why." />
      <form action={apply} className="mb-4 grid grid-cols-1 gap-3 rounded-card border border-line bg-surface p-4 sm:grid-cols-3 lg:grid-cols-6" key={query}>
        <Field id="f-person" label="Person" error={fieldError("person")}>
          <input id="f-person" name="person" defaultValue={params.get("person") ?? ""} placeholder="id, email or name" className={inputClass} />
        </Field>
        <Field id="f-type" label="Type" error={fieldError("type")}>
          <input id="f-type" name="type" defaultValue={params.get("type") ?? ""} placeholder="comment.created" className={inputClass} />
        </Field>
        <Field id="f-channel" label="Channel">
          <select id="f-channel" name="channel" defaultValue={params.get("channel") ?? ""} className={inputClass}>
            <option value="">Any</option>
            {CHANNELS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-status" label="Status">
          <select id="f-status" name="status" defaultValue={params.get("status") ?? ""} className={inputClass}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-from" label="From" error={fieldError("from")}>
          <input id="f-from" name="from" type="datetime-local" className={inputClass} />
        </Field>
        <Field id="f-to" label="To" error={fieldError("to")}>
          <input id="f-to" name="to" type="datetime-local" className={inputClass} />
        </Field>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit" variant="primary">
            Filter
          </Button>
          <Button onClick={() => router.push(pathname)}>Clear</Button>
        </div>
      </form>
      {error && <ErrorState message={`The delivery log could not be loaded: ${error.message}`} onRetry={reload} />}
      {!data && loading && <Loading />}
      {data && data.rows.length === 0 && <EmptyState title="No notifications match" description="Publish one, or loosen the filters." />}
      {data && data.rows.length > 0 && (
        <Table caption="Notifications and their deliveries" head={["Notification", "Person", "Channels", "Published"]}>
          {data.rows.map((r) => (
            <tr key={r.id} data-testid="delivery-row">
              <td className={cellClass}>
                <Link href={`/admin/deliveries/${r.id}`} className={linkClass}>
                  <span dir="auto">{r.title}</span>
                </Link>
                <div className="text-xs text-fg-muted">{r.type}</div>
              </td>
              <td className={cellClass}>{r.personName ?? r.userId}</td>
              <td className={cellClass}>
                <ul className="flex flex-wrap gap-1">
                  {CHANNELS.map(([c, label]) => {
                    const status = r.channels[c]?.status ?? (c === "in_app" && !r.channels[c] ? "sent" : undefined);
                    return status ? (
                      <li key={c}>
                        <Badge tone={statusTone(status)}>
                          {label}: {status}
                        </Badge>
                      </li>
                    ) : null;
                  })}
                </ul>
              </td>
              <td className={cellClass}>
                <Time at={r.createdAt} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {data?.next && (
        <div className="mt-4">
          <Button onClick={() => router.push(`${pathname}?${new URLSearchParams({ ...Object.fromEntries(params), before: data.next! }).toString()}`)}>Older</Button>
        </div>
      )}
    </>
  );
}
