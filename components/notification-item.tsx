import { RelativeTime } from "./relative-time.tsx";
import type { NotificationDto } from "@/lib/events.ts";

export function NotificationItem({ notification: n }: { notification: NotificationDto }) {
  const unread = n.readAt === null;
  const content = (
    <div className="flex gap-3">
      <span
        aria-hidden="true"
        className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${unread ? "bg-indigo-500" : "bg-transparent"}`}
      />
      <div className="min-w-0">
        <p className={`truncate text-sm ${unread ? "font-semibold" : "font-normal"}`}>{n.title}</p>
        {n.body && <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{n.body}</p>}
        <p className="mt-1 text-xs text-slate-400">
          {unread && <span className="sr-only">Unread. </span>}
          <RelativeTime iso={n.createdAt} />
        </p>
      </div>
    </div>
  );
  const itemClass = "block px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none";
  return (
    <li data-notification-id={n.id}>
      {n.actionUrl ? (
        <a href={n.actionUrl} data-item className={itemClass}>
          {content}
        </a>
      ) : (
        <div tabIndex={0} data-item className={itemClass}>
          {content}
        </div>
      )}
    </li>
  );
}
