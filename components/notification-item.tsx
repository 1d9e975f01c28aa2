"use client";

// A notification's summary as the bell and the feed show it: who or what (avatar or type
// icon), the title on up to two lines, the start of the body, actor · type · time, and
// severity. User text keeps its direction (dir="auto") and wraps long words.
import { ItemAvatar, SeverityBadge, actorOf } from "./notification-identity.tsx";
import { GroupSummary } from "./inbox/group-summary.tsx";
import { useTypeInfo } from "./inbox/type-catalog.tsx";
import { RelativeTime } from "./relative-time.tsx";
import { cn } from "./ui/cn.ts";
import type { NotificationDto } from "@/lib/events.ts";

export function NotificationSummary({ notification: n }: { notification: NotificationDto }) {
  const unread = n.readAt === null;
  const info = useTypeInfo(n.type);
  const actor = actorOf(n);
  return (
    <div className="flex min-w-0 flex-1 gap-3 text-start">
      <ItemAvatar type={n.type} actor={actor} priority={info.priority} />
      <div className="min-w-0 flex-1">
        <div className="flex items-start gap-1.5">
          <p dir="auto" className={cn("user-text line-clamp-2 min-w-0 flex-1 text-sm text-fg", unread ? "font-semibold" : "font-normal")} data-testid="notification-title">
            {n.title}
          </p>
          {n.group && <GroupSummary group={n.group} />}
        </div>
        {n.body && (
          <p dir="auto" className="user-text mt-0.5 line-clamp-2 text-sm text-fg-muted">
            {n.body}
          </p>
        )}
        <p className="mt-1 flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-fg-subtle">
          {unread && <span className="sr-only">Unread. </span>}
          {actor && (
            <>
              <span dir="auto" className="font-medium text-fg-muted">
                {actor.name}
              </span>
              <span aria-hidden="true">·</span>
            </>
          )}
          <span>{info.name}</span>
          <span aria-hidden="true">·</span>
          <RelativeTime iso={n.createdAt} />
          <SeverityBadge priority={info.priority} />
        </p>
      </div>
      <span aria-hidden="true" className={cn("mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full", unread ? "bg-accent-solid" : "bg-transparent")} />
    </div>
  );
}
