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
  loadingMore: boolean;
};

export function useNotificationList(filter: Filter, pageSize: number, initial?: NotificationDto[]) {
  const { client } = useInbox();
  const [list, setList] = useState<ListState>(
    initial ? { items: initial, nextCursor: null, status: "ready", loadingMore: false } : { items: [], nextCursor: null, status: "loading", loadingMore: false },
  );
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setList((l) => ({ ...l, status: l.items.length ? l.status : "loading" }));
    try {
      const page = await fetchPage(filter, pageSize);
      if (mine !== generation.current) return;
      client.markSeen(page.items);
      setList({ items: page.items, nextCursor: page.nextCursor, status: "ready", loadingMore: false });
    } catch {
      if (mine === generation.current) setList((l) => ({ ...l, status: "error", loadingMore: false }));
    }
  }, [client, filter, pageSize]);

  const loadMore = useCallback(async () => {
    if (!list.nextCursor || list.loadingMore) return;
    const mine = generation.current;
    setList((l) => ({ ...l, loadingMore: true }));
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
      setList((l) => ({ ...l, loadingMore: false, status: "error" }));
    }
  }, [filter, pageSize, list.nextCursor, list.loadingMore]);

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
