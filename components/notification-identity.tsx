// Who and what a notification is about, at a glance: an icon for its type, the actor
// (from `data.actor`, docs/api.md "Display conventions"), and its severity by priority.
import type { NotificationDto } from "@/lib/events.ts";
import type { Priority } from "./inbox/type-catalog.tsx";
import { Badge } from "./ui/badge.tsx";
import { cn } from "./ui/cn.ts";

export type Actor = { name: string; avatarUrl: string | null };

/** `data.actor` as `{ name, avatarUrl? }` or a plain string; anything else is no actor. */
export function actorOf(n: Pick<NotificationDto, "data">): Actor | null {
  const raw = n.data?.actor;
  if (typeof raw === "string" && raw.trim()) return { name: raw.trim().slice(0, 100), avatarUrl: null };
  if (!raw || typeof raw !== "object") return null;
  const { name, avatarUrl } = raw as { name?: unknown; avatarUrl?: unknown };
  if (typeof name !== "string" || !name.trim()) return null;
  // The page's CSP loads images from Herald's own origin only: other avatars fall back to initials.
  const local = typeof avatarUrl === "string" && avatarUrl.startsWith("/") && !avatarUrl.startsWith("//") ? avatarUrl : null;
  return { name: name.trim().slice(0, 100), avatarUrl: local };
}

// Keywords in a type key (`comment.created`, `deploy.failed`) choose its icon.
const ICONS: [RegExp, string][] = [
  [/comment|reply|mention|message|chat/i, "M4 5h16v11H8l-4 4V5Z"],
  [/task|todo|assign|issue|ticket/i, "M9 11l2 2 4-4M5 4h14v16H5z"],
  [/deploy|build|release|ci\b|pipeline/i, "M12 3c3 2 5 6 4 11l-4 3-4-3c-1-5 1-9 4-11Zm0 6v2M8 14l-3 3 1 3 3-2M16 14l3 3-1 3-3-2"],
  [/security|alert|incident|error|fail|critical/i, "M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7l8-4Zm0 6v4m0 3v.01"],
  [/invoice|payment|billing|order/i, "M4 6h16v12H4zM4 10h16"],
  [/digest|summary|report|newsletter/i, "M5 4h11l3 3v13H5zM8 9h8M8 13h8M8 17h5"],
  [/system|announce|maintenance|admin/i, "M4 10v4h3l6 4V6L7 10H4Zm13-1a4 4 0 0 1 0 6"],
];
const DEFAULT_ICON = "M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 0 0-4-5.7V5a2 2 0 1 0-4 0v.3A6 6 0 0 0 6 11v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0v1a3 3 0 1 1-6 0v-1m6 0H9";

export function TypeIcon({ type, className }: { type: string; className?: string }) {
  const path = ICONS.find(([pattern]) => pattern.test(type))?.[1] ?? DEFAULT_ICON;
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={cn("h-5 w-5", className)} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
      <path d={path} />
    </svg>
  );
}

/** The actor's avatar when there is one, else their initials; else the type's icon. */
export function ItemAvatar({ type, actor, priority }: { type: string; actor: Actor | null; priority: Priority }) {
  const ring = priority === "high" ? "ring-2 ring-danger-solid" : "";
  if (actor?.avatarUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- a small avatar on our own origin: next/image adds nothing
    return <img src={actor.avatarUrl} alt="" width={32} height={32} className={cn("h-8 w-8 shrink-0 rounded-full object-cover", ring)} />;
  }
  if (actor) {
    const initials = actor.name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0]?.toUpperCase() ?? "").join("");
    return (
      <span aria-hidden="true" className={cn("flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent", ring)}>
        {initials}
      </span>
    );
  }
  return (
    <span aria-hidden="true" className={cn("flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-surface-muted text-fg-muted", ring)}>
      <TypeIcon type={type} className="h-4.5 w-4.5" />
    </span>
  );
}

export function SeverityBadge({ priority }: { priority: Priority }) {
  if (priority !== "high") return null;
  return (
    <Badge tone="danger" data-testid="severity">
      High priority
    </Badge>
  );
}
