"use client";

// A list of notifications that stays in step with the inbox: live arrivals, read state
// and clears from any tab or device; a reload when too much changed to patch.
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchPage } from "./inbox-api.ts";
import { applyChange, type Filter, type ListChange } from "./list-reducer.ts";
import { useInbox } from "./inbox-provider.tsx";
import type { NotificationDto } from "@/lib/events.ts";

export type ListState = {
  items: NotificationDto[];
  nextCursor: string | null;
  status: "loading" | "ready" | "error";
  /** What failed when status is "error": the list itself, or the next page. */
  failed?: "reload" | "more";
  loadingMore: boolean;
  /** The filter the items were loaded for: another filter's items are never shown as this one's. */
  filter: Filter;
};

export function useNotificationList(filter: Filter, pageSize: number, initial?: NotificationDto[]) {
  const { client } = useInbox();
  const [list, setList] = useState<ListState>(
    initial
      ? { items: initial, nextCursor: null, status: "ready", loadingMore: false, filter }
      : { items: [], nextCursor: null, status: "loading", loadingMore: false, filter },
  );
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    // Switching filter starts from nothing (loading); a refresh keeps what is shown meanwhile.
    setList((l) =>
      l.filter === filter
        ? { ...l, status: l.items.length ? l.status : "loading" }
        : { items: [], nextCursor: null, status: "loading", loadingMore: false, filter },
    );
    try {
      const page = await fetchPage(filter, pageSize);
      if (mine !== generation.current) return;
      client.markSeen(page.items);
      setList({ items: page.items, nextCursor: page.nextCursor, status: "ready", loadingMore: false, filter });
    } catch {
      if (mine === generation.current) setList((l) => ({ ...l, status: "error", failed: "reload", loadingMore: false }));
    }
  }, [client, filter, pageSize]);

  /** `auto`: asked by scrolling, which does not retry a page that just failed (Retry does). */
  const loadMore = useCallback(async (options: { auto?: boolean } = {}) => {
    if (!list.nextCursor || list.loadingMore || (options.auto && list.failed === "more")) return;
    const mine = generation.current;
    setList((l) => ({ ...l, loadingMore: true, ...(l.failed === "more" ? { status: "ready", failed: undefined } : {}) }));
    try {
      const page = await fetchPage(filter, pageSize, list.nextCursor);
      if (mine !== generation.current) return;
      setList((l) => ({
        ...l,
        items: [...l.items, ...page.items.filter((n) => !l.items.some((m) => m.id === n.id))],
        nextCursor: page.nextCursor,
        loadingMore: false,
      }));
    } catch {
      if (mine === generation.current) setList((l) => ({ ...l, loadingMore: false, status: "error", failed: "more" }));
    }
  }, [filter, pageSize, list.nextCursor, list.loadingMore, list.failed]);

  useEffect(() => {
    // Fetch on mount when the server passed no first page; reload() sets the loading state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (!initial) void reload();
    const apply = (change: ListChange) =>
      setList((l) => {
        const next = applyChange(l.items, change, filter);
        if (next === "reload") {
          void reload();
          return l;
        }
        return { ...l, items: next };
      });
    return client.subscribe({
      notification: (notification) => apply({ kind: "new", notification }),
      updated: (notification) => apply({ kind: "updated", notification }),
      read: (ids, readAt) => apply({ kind: "read", ids, readAt }),
      unread: (ids) => apply({ kind: "unread", ids }),
      cleared: (ids) => apply({ kind: "cleared", ids }),
      resync: () => void reload(),
    });
    // `initial` is the server-rendered first page: it counts on mount only, so a new array
    // from a parent re-render must not re-subscribe or refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, filter, reload]);

  return { ...list, reload, loadMore };
}
