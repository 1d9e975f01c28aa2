"use client";

// The feed page: the whole history, newest first, with infinite scroll, All/Unread,
// per-item read/unread and clear, mark all read and clear read (after a confirmation).
// Choosing an item opens its detail view. It follows the same inbox events as the bell,
// so the two always agree.
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { NotificationSummary } from "../notification-item.tsx";
import { Button } from "../ui/button.tsx";
import { ConfirmDialog } from "../ui/dialog.tsx";
import { Card, PageHeader } from "../ui/layout.tsx";
import { EmptyState, ErrorState, InlineAlert } from "../ui/states.tsx";
import { cn } from "../ui/cn.ts";
import { clearOne, clearRead, markRead, markUnread } from "./inbox-api.ts";
import { ActionFailureAlert } from "./action-failure.tsx";
import { useInbox } from "./inbox-provider.tsx";
import { useAction } from "./use-action.ts";
import type { Filter } from "./list-reducer.ts";
import { useNotificationList } from "./use-notification-list.ts";
import type { NotificationDto } from "@/lib/events.ts";

const NotificationDetail = dynamic(() => import("./notification-detail.tsx"), { ssr: false });

const PAGE = 20;

export function NotificationFeed() {
  const { client, state } = useInbox();
  const [filter, setFilter] = useState<Filter>("all");
  const list = useNotificationList(filter, PAGE);
  const { run, failure } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [clearedCount, setClearedCount] = useState<number | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = list;
  const detail = list.items.find((n) => n.id === detailId) ?? null;

  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => entries[0]?.isIntersecting && void loadMore({ auto: true }), { rootMargin: "200px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore]);

  const toggle = (n: NotificationDto) =>
    n.readAt === null ? run("mark it read", () => markRead(client, { ids: [n.id] })) : run("mark it unread", () => markUnread(client, n.id));
  const open = (n: NotificationDto) => {
    setDetailId(n.id);
    if (n.readAt === null) run("mark it read", () => markRead(client, { ids: [n.id] }));
  };
  const clearAllRead = () =>
    run("clear the read notifications", async () => {
      setClearedCount(await clearRead(client));
    });

  const emptyText =
    filter === "unread"
      ? { title: "No unread notifications. You're all caught up." }
      : clearedCount !== null
        ? { title: `Cleared ${clearedCount} read notification${clearedCount === 1 ? "" : "s"}.`, description: "Nothing else is in your inbox. New notifications will appear here." }
        : { title: "No notifications yet.", description: "When something needs your attention, it will show up here and in the bell." };

  return (
    <section aria-labelledby="feed-title">
      <PageHeader
        id="feed-title"
        title="Notifications"
        actions={
          <>
            <Button variant="secondary" size="sm" disabled={state.unreadCount === 0} onClick={() => run("mark all read", () => markRead(client, { all: true }))}>
              Mark all read
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              Clear read
            </Button>
          </>
        }
      />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Clear all read notifications?"
        description="Every notification you have read is removed from your inbox, on all your devices. Unread ones stay. This cannot be undone."
        confirmLabel="Clear read"
        tone="danger"
        onConfirm={clearAllRead}
      />
      <div role="group" aria-label="Show" className="mt-4 inline-flex rounded-lg border border-line bg-surface p-0.5">
        {(["all", "unread"] as const).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            className={cn(
              "focus-ring min-h-touch min-w-touch rounded-md px-3 text-sm font-medium sm:min-h-8",
              filter === f ? "bg-fg text-canvas" : "text-fg-muted hover:bg-surface-muted",
            )}
          >
            {f === "all" ? "All" : `Unread (${state.unreadCount})`}
          </button>
        ))}
      </div>
      {clearedCount !== null && list.items.length > 0 && filter === "all" && (
        <InlineAlert tone="success" className="mt-3" actions={<Button variant="ghost" size="sm" onClick={() => setClearedCount(null)}>Dismiss</Button>}>
          Cleared {clearedCount} read notification{clearedCount === 1 ? "" : "s"}.
        </InlineAlert>
      )}
      <ActionFailureAlert failure={failure} className="mt-3" />
      {list.status === "error" && list.items.length > 0 && (
        <InlineAlert
          tone="danger"
          className="mt-3"
          actions={
            <Button variant="ghost" size="sm" className="text-danger underline" onClick={() => void (list.failed === "more" ? list.loadMore() : list.reload())}>
              Retry
            </Button>
          }
        >
          {list.failed === "more" ? "Couldn't load more notifications." : "Couldn't refresh the list; it may be out of date."}
        </InlineAlert>
      )}
      <Card className="mt-4 overflow-hidden">
        {list.status === "loading" && (
          <p role="status" className="px-4 py-10 text-center text-sm text-fg-muted">
            Loading…
          </p>
        )}
        {list.status === "error" && list.items.length === 0 && <ErrorState title="Couldn't load notifications." onRetry={() => void list.reload()} />}
        {list.status === "ready" && list.items.length === 0 && <EmptyState {...emptyText} />}
        {list.items.length > 0 && (
          <ul className="divide-y divide-line" data-testid="feed-list">
            {list.items.map((n) => (
              <li key={n.id} data-notification-id={n.id} data-unread={n.readAt === null} data-version={n.version ?? 1} className="flex flex-col sm:flex-row sm:items-start">
                <button type="button" data-item className="focus-ring flex min-w-0 flex-1 px-4 py-3 hover:bg-surface-muted" onClick={() => open(n)}>
                  <NotificationSummary notification={n} />
                </button>
                <div className="flex shrink-0 items-center justify-end gap-1 px-2 pb-2 sm:py-2.5">
                  <Button variant="ghost" size="sm" onClick={() => toggle(n)}>
                    {n.readAt === null ? "Mark read" : "Mark unread"}
                    <span className="sr-only">: {n.title}</span>
                  </Button>
                  <Button variant="ghost" size="sm" onClick={() => run("clear it", () => clearOne(client, n.id))}>
                    Clear<span className="sr-only">: {n.title}</span>
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <div ref={sentinel} aria-hidden="true" />
      {list.nextCursor ? (
        <div className="mt-4 text-center">
          <Button variant="secondary" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
            {list.loadingMore ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : (
        list.status === "ready" &&
        list.items.length > 0 && (
          <p className="mt-4 text-center text-sm text-fg-subtle" data-testid="feed-end">
            That&apos;s everything: you&apos;ve reached the end.
          </p>
        )
      )}
      {detail && <NotificationDetail notification={detail} onClose={() => setDetailId(null)} onToggleRead={toggle} failure={failure} />}
    </section>
  );
}
