"use client";

import { ExternalLinkMark } from "./external-link-mark.tsx";
import { GroupSummary } from "./inbox/group-summary.tsx";
import { useInbox } from "./inbox/inbox-provider.tsx";
import { RelativeTime } from "./relative-time.tsx";
import { resolveActionUrl } from "@/lib/action-url.ts";
import type { NotificationDto } from "@/lib/events.ts";

type Props = {
  notification: NotificationDto;
  /** Opening an item marks it read. */
  onOpen: (n: NotificationDto) => void;
  actions?: React.ReactNode;
};

export function NotificationItem({ notification: n, onOpen, actions }: Props) {
  const { appOrigin } = useInbox();
  const unread = n.readAt === null;
  // A value that is not a safe link (stored before the API checked it) makes no link at all.
  const link = resolveActionUrl(n.actionUrl, appOrigin);
  const content = (
    <div className="flex gap-3">
      <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${unread ? "bg-indigo-500" : "bg-transparent"}`} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-1.5">
          <p className={`truncate text-sm ${unread ? "font-semibold" : "font-normal"}`} data-testid="notification-title">
            {n.title}
          </p>
          {n.group && <GroupSummary group={n.group} />}
          {link?.external && <ExternalLinkMark />}
        </div>
        {n.body && <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{n.body}</p>}
        <p className="mt-1 text-xs text-slate-400">
          {unread && <span className="sr-only">Unread. </span>}
          <RelativeTime iso={n.createdAt} />
        </p>
      </div>
    </div>
  );
  const itemClass = "block min-w-0 flex-1 px-4 py-3 text-left hover:bg-slate-50 focus:bg-slate-50 focus:outline-none";
  return (
    <li data-notification-id={n.id} data-unread={unread} data-version={n.version ?? 1} className="flex items-start">
      {link ? (
        <a
          href={link.href}
          {...(link.external && { target: "_blank", rel: "noopener noreferrer" })}
          data-item
          className={itemClass}
          onClick={() => onOpen(n)}
        >
          {content}
        </a>
      ) : (
        <button type="button" data-item className={itemClass} onClick={() => onOpen(n)}>
          {content}
        </button>
      )}
      {actions && <div className="flex shrink-0 items-center gap-1 px-2 py-3">{actions}</div>}
    </li>
  );
}
