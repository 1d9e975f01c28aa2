// How a shown list of notifications follows inbox events. Pure, so the bell and the feed
// page apply every change the same way (and it is unit-tested).
import type { NotificationDto, NotificationId } from "@/lib/events.ts";

export type Filter = "all" | "unread";
export type ListChange =
  | { kind: "new"; notification: NotificationDto }
  | { kind: "updated"; notification: NotificationDto }
  | { kind: "read"; ids: NotificationId[]; readAt: string }
  | { kind: "unread"; ids: NotificationId[] }
  | { kind: "cleared"; ids: NotificationId[] };

/** The new list, or "reload" when it cannot be derived from what is shown. */
export function applyChange(items: NotificationDto[], change: ListChange, filter: Filter): NotificationDto[] | "reload" {
  switch (change.kind) {
    case "new":
    case "updated": {
      // A grouped item changes in place: the higher version replaces the copy shown and
      // takes its new position (the top); a repeat or an older version changes nothing.
      const next = change.notification;
      const shown = items.find((n) => n.id === next.id);
      if (shown && (next.version ?? 1) <= (shown.version ?? 1)) return items;
      return [next, ...items.filter((n) => n.id !== next.id)].sort((a, b) => b.seq - a.seq);
    }
    case "read": {
      const ids = new Set(change.ids);
      if (filter === "unread") return items.filter((n) => !ids.has(n.id));
      return items.map((n) => (ids.has(n.id) && n.readAt === null ? { ...n, readAt: change.readAt } : n));
    }
    case "unread": {
      const ids = new Set(change.ids);
      // An item read earlier is not in an unread list: only a reload can bring it back in place.
      if (filter === "unread" && change.ids.some((id) => !items.some((n) => n.id === id))) return "reload";
      return items.map((n) => (ids.has(n.id) ? { ...n, readAt: null } : n));
    }
    case "cleared": {
      const ids = new Set(change.ids);
      return items.filter((n) => !ids.has(n.id));
    }
  }
}
