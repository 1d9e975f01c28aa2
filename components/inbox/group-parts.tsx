// A grouped or digest item and the notifications it holds, newest first: the page a
// digest opens to ("42 more notifications" → all 42). User content keeps its direction
// (dir="auto") and its line breaks, and long words wrap (`user-text`).
import Link from "next/link";
import { RelativeTime } from "../relative-time.tsx";
import { List, ListItem } from "../ui/layout.tsx";
import type { NotificationDto } from "@/lib/events.ts";

type Props = { item: NotificationDto; parts: NotificationDto[]; partCount: number };

export function GroupParts({ item, parts, partCount }: Props) {
  return (
    <section aria-labelledby="item-title">
      <Link href="/notifications" className="focus-ring inline-flex min-h-touch items-center rounded text-sm text-accent hover:underline sm:min-h-0">
        ← All notifications
      </Link>
      <h1 id="item-title" dir="auto" className="user-text mt-3 text-2xl font-semibold">
        {item.title}
      </h1>
      {item.body && (
        <p dir="auto" className="user-text mt-1 text-fg-muted" data-testid="item-body">
          {item.body}
        </p>
      )}
      {parts.length === 0 ? (
        <p className="mt-6 text-sm text-fg-muted">This notification stands alone.</p>
      ) : (
        <>
          <h2 className="mt-6 text-sm font-medium text-fg-muted">
            {partCount === parts.length ? `${partCount} notifications` : `The latest ${parts.length} of ${partCount} notifications`}
          </h2>
          <List data-testid="group-parts" className="mt-2 rounded-card border border-line bg-surface">
            {parts.map((p) => (
              <ListItem key={p.id} className="block">
                <p dir="auto" className="user-text text-sm font-medium text-fg">
                  {p.title}
                </p>
                {p.body && (
                  <p dir="auto" className="user-text mt-0.5 line-clamp-2 text-sm text-fg-muted">
                    {p.body}
                  </p>
                )}
                <p className="mt-1 text-xs text-fg-subtle">
                  <RelativeTime iso={p.createdAt} />
                </p>
              </ListItem>
            ))}
          </List>
        </>
      )}
    </section>
  );
}
