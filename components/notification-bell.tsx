"use client";

// The bell: a menu button (Radix dropdown menu: the WAI-ARIA menu-button pattern) with a
// live unread badge, opening the newest notifications; a full-width sheet on phones.
// Choosing an item opens its detail view (and marks it read); Escape, Tab, a click or focus
// outside close the menu and focus returns to the bell.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRef, useState } from "react";
import { NotificationSummary } from "./notification-item.tsx";
import { markRead, markUnread } from "./inbox/inbox-api.ts";
import { useInbox } from "./inbox/inbox-provider.tsx";
import { useAction } from "./inbox/use-action.ts";
import { useNotificationList } from "./inbox/use-notification-list.ts";
import { Button } from "./ui/button.tsx";
import { CountBadge } from "./ui/badge.tsx";
import { InlineAlert } from "./ui/states.tsx";
import { Menu, MenuContent, MenuGroup, MenuItem, MenuSeparator, MenuTrigger } from "./ui/menu.tsx";
import type { NotificationDto } from "@/lib/events.ts";

const NotificationDetail = dynamic(() => import("./inbox/notification-detail.tsx"), { ssr: false });

const SHOWN = 10;

export function NotificationBell({ initial }: { initial: NotificationDto[] }) {
  const { client, state, connected } = useInbox();
  const list = useNotificationList("all", SHOWN, initial);
  const [open, setOpen] = useState(false);
  const [detailId, setDetailId] = useState<string | null>(null);
  const bellRef = useRef<HTMLButtonElement>(null);
  const unreadCount = state.unreadCount;
  const { run, failure } = useAction();
  const detail = list.items.find((n) => n.id === detailId) ?? null;

  const openDetail = (n: NotificationDto) => {
    setDetailId(n.id);
    if (n.readAt === null) run("mark it read", () => markRead(client, { ids: [n.id] }));
  };
  const toggleRead = (n: NotificationDto) =>
    n.readAt === null ? run("mark it read", () => markRead(client, { ids: [n.id] })) : run("mark it unread", () => markUnread(client, n.id));

  const label = unreadCount > 0 ? `Notifications, ${unreadCount} unread` : "Notifications";
  return (
    <div className="relative" data-live={connected}>
      <Menu open={open} onOpenChange={setOpen} modal={false}>
        <MenuTrigger asChild>
          <Button ref={bellRef} variant="ghost" size="icon" aria-label={label} className="relative">
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
              <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 0 0-4-5.7V5a2 2 0 1 0-4 0v.3A6 6 0 0 0 6 11v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0v1a3 3 0 1 1-6 0v-1m6 0H9" />
            </svg>
            <CountBadge count={unreadCount} data-testid="unread-badge" className="absolute right-0.5 top-0.5" />
          </Button>
        </MenuTrigger>
        <MenuContent
          sheetOnPhone
          aria-label="Latest notifications"
          data-testid="bell-menu"
          // The menu pattern keeps Tab for leaving: close, and focus goes back to the bell.
          onKeyDown={(event) => event.key === "Tab" && setOpen(false)}
          className="flex max-h-[min(36rem,var(--radix-dropdown-menu-content-available-height))] flex-col"
        >
          {/* A menu may hold only items, groups and separators (plus plain text): no headings or alerts inside. */}
          <div className="flex min-h-13 items-center justify-between gap-2 border-b border-line py-1 pl-4 pr-1 sm:min-h-11">
            <div className="text-sm font-semibold" data-testid="bell-heading">
              Notifications
            </div>
            {unreadCount > 0 && (
              <MenuItem
                className="font-medium text-accent"
                onSelect={(event) => {
                  event.preventDefault();
                  run("mark all read", () => markRead(client, { all: true }));
                }}
              >
                Mark all read
              </MenuItem>
            )}
          </div>
          {failure && (
            <InlineAlert
              role="none"
              className="m-2"
              actions={
                <>
                  <MenuItem onSelect={(event) => (event.preventDefault(), failure.retry())} className="font-medium underline">
                    Retry
                  </MenuItem>
                  <MenuItem onSelect={(event) => (event.preventDefault(), failure.dismiss())}>Dismiss</MenuItem>
                </>
              }
            >
              {failure.message}
            </InlineAlert>
          )}
          {list.status === "error" && (
            <InlineAlert
              role="none"
              className="m-2"
              actions={
                <MenuItem onSelect={(event) => (event.preventDefault(), void list.reload())} className="font-medium underline">
                  Retry
                </MenuItem>
              }
            >
              {list.items.length ? "Couldn't refresh the list; it may be out of date." : "Couldn't load notifications."}
            </InlineAlert>
          )}
          {list.items.length === 0 ? (
            list.status !== "error" && <div className="px-4 py-8 text-center text-sm text-fg-muted">You&apos;re all caught up.</div>
          ) : (
            <MenuGroup aria-label="Newest" className="min-h-0 flex-1 overflow-y-auto p-1" data-testid="notification-list">
              {list.items.slice(0, SHOWN).map((n) => (
                <MenuItem
                  key={n.id}
                  data-item
                  data-notification-id={n.id}
                  data-version={n.version ?? 1}
                  data-unread={n.readAt === null}
                  className="items-start py-3"
                  onSelect={() => openDetail(n)}
                >
                  <NotificationSummary notification={n} />
                </MenuItem>
              ))}
            </MenuGroup>
          )}
          <MenuSeparator className="my-0" />
          <MenuItem asChild className="m-1 justify-center font-medium text-accent">
            <Link href="/notifications">View all notifications</Link>
          </MenuItem>
        </MenuContent>
      </Menu>
      {/* Failures are announced from outside the menu, which may hold no alerts. */}
      <div role="alert" className="sr-only">
        {failure?.message ?? (list.status === "error" ? "Couldn't load notifications." : "")}
      </div>
      {detail && <NotificationDetail notification={detail} onClose={() => setDetailId(null)} onToggleRead={toggleRead} returnFocusTo={bellRef} failure={failure} />}
    </div>
  );
}
