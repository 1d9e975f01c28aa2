"use client";

// The feed page: the whole history, newest first, with infinite scroll, All/Unread,
// per-item read/unread and clear, mark all read and clear read. It follows the same
// inbox events as the bell, so the two always agree.
import { useEffect, useRef, useState } from "react";
import { NotificationItem } from "../notification-item.tsx";
import { clearOne, clearRead, markRead, markUnread } from "./inbox-api.ts";
import { ActionFailureAlert } from "./action-failure.tsx";
import { useInbox } from "./inbox-provider.tsx";
import { useAction } from "./use-action.ts";
import type { Filter } from "./list-reducer.ts";
import { useNotificationList } from "./use-notification-list.ts";
import type { NotificationDto } from "@/lib/events.ts";

const PAGE = 20;

export function NotificationFeed() {
  const { client, state } = useInbox();
  const [filter, setFilter] = useState<Filter>("all");
  const list = useNotificationList(filter, PAGE);
  const { run, failure } = useAction();
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = list;

  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => entries[0]?.isIntersecting && void loadMore(), { rootMargin: "200px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore]);

  const toggle = (n: NotificationDto) =>
    n.readAt === null ? run("mark it read", () => markRead(client, { ids: [n.id] })) : run("mark it unread", () => markUnread(client, n.id));
  const open = (n: NotificationDto) => n.readAt === null && run("mark it read", () => markRead(client, { ids: [n.id] }));
  const button =
    "rounded-md px-2.5 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-50";

  return (
    <section aria-labelledby="feed-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="feed-title" className="text-2xl font-semibold">
          Notifications
        </h1>
        <div className="flex items-center gap-2">
          <button type="button" className={`${button} text-indigo-600 hover:bg-indigo-50`} disabled={state.unreadCount === 0} onClick={() => run("mark all read", () => markRead(client, { all: true }))}>
            Mark all read
          </button>
          <button type="button" className={`${button} text-slate-600 hover:bg-slate-100`} onClick={() => run("clear the read notifications", () => clearRead(client))}>
            Clear read
          </button>
        </div>
      </div>
      <div role="group" aria-label="Show" className="mt-4 inline-flex rounded-lg border border-slate-200 bg-white p-0.5">
        {(["all", "unread"] as const).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            className={`${button} ${filter === f ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {f === "all" ? "All" : `Unread (${state.unreadCount})`}
          </button>
        ))}
      </div>
      <ActionFailureAlert failure={failure} className="mt-3" />
      <div className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white">
        {list.status === "loading" && <p className="px-4 py-10 text-center text-sm text-slate-500">Loading…</p>}
        {list.status === "error" && list.items.length === 0 && (
          <div role="alert" className="px-4 py-10 text-center text-sm text-slate-600">
            Couldn&apos;t load notifications.{" "}
            <button type="button" onClick={() => void list.reload()} className="font-medium text-indigo-600 hover:underline">
              Try again
            </button>
          </div>
        )}
        {list.status === "ready" && list.items.length === 0 && (
          <p className="px-4 py-10 text-center text-sm text-slate-500">
            {filter === "unread" ? "No unread notifications. You're all caught up." : "No notifications yet."}
          </p>
        )}
        {list.items.length > 0 && (
          <ul className="divide-y divide-slate-100" data-testid="feed-list">
            {list.items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                onOpen={open}
                actions={
                  <>
                    <button type="button" className={`${button} text-xs text-slate-600 hover:bg-slate-100`} onClick={() => toggle(n)}>
                      {n.readAt === null ? "Mark read" : "Mark unread"}
                      <span className="sr-only">: {n.title}</span>
                    </button>
                    <button type="button" className={`${button} text-xs text-slate-500 hover:bg-slate-100`} onClick={() => run("clear it", () => clearOne(client, n.id))}>
                      Clear<span className="sr-only">: {n.title}</span>
                    </button>
                  </>
                }
              />
            ))}
          </ul>
        )}
      </div>
      <div ref={sentinel} aria-hidden="true" />
      {list.nextCursor && (
        <div className="mt-4 text-center">
          <button type="button" className={`${button} text-indigo-600 hover:bg-indigo-50`} disabled={list.loadingMore} onClick={() => void list.loadMore()}>
            {list.loadingMore ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </section>
  );
}
