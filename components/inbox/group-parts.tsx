// A grouped or digest item and the notifications it holds, newest first: the page a
// digest opens to ("42 more notifications" → all 42).
import Link from "next/link";
import { RelativeTime } from "../relative-time.tsx";
import type { NotificationDto } from "@/lib/events.ts";

type Props = { item: NotificationDto; parts: NotificationDto[]; partCount: number };

export function GroupParts({ item, parts, partCount }: Props) {
  return (
    <section aria-labelledby="item-title">
      <Link href="/notifications" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← All notifications
      </Link>
      <h1 id="item-title" className="mt-3 text-2xl font-semibold">
        {item.title}
      </h1>
      {item.body && <p className="mt-1 text-slate-600 dark:text-slate-400">{item.body}</p>}
      {parts.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">This notification stands alone.</p>
      ) : (
        <>
          <h2 className="mt-6 text-sm font-medium text-slate-700 dark:text-slate-300">
            {partCount === parts.length ? `${partCount} notifications` : `The latest ${parts.length} of ${partCount} notifications`}
          </h2>
          <ul data-testid="group-parts" className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-700 dark:border-slate-700 dark:bg-slate-900">
            {parts.map((p) => (
              <li key={p.id} className="px-4 py-3">
                <p className="text-sm font-medium text-slate-900 dark:text-slate-100">{p.title}</p>
                {p.body && <p className="mt-0.5 line-clamp-2 text-sm text-slate-600 dark:text-slate-400">{p.body}</p>}
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  <RelativeTime iso={p.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
