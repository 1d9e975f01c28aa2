"use client";

// The bell: a labelled button with a live unread badge, opening a dropdown of the
// newest notifications. Keyboard: Enter/Space opens, arrows move between items,
// Escape closes and returns focus to the bell.
import Link from "next/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { NotificationItem } from "./notification-item.tsx";
import { markRead } from "./inbox/inbox-api.ts";
import { ActionFailureAlert } from "./inbox/action-failure.tsx";
import { useInbox } from "./inbox/inbox-provider.tsx";
import { useAction } from "./inbox/use-action.ts";
import { useNotificationList } from "./inbox/use-notification-list.ts";
import type { NotificationDto } from "@/lib/events.ts";

const SHOWN = 10;

export function NotificationBell({ initial }: { initial: NotificationDto[] }) {
  const { client, state, connected } = useInbox();
  const list = useNotificationList("all", SHOWN, initial);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const unreadCount = state.unreadCount;
  const { run, failure } = useAction();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onPanelKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      setOpen(false);
      buttonRef.current?.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const items = [...(panelRef.current?.querySelectorAll<HTMLElement>("[data-item]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === "ArrowDown" ? index + 1 : index - 1;
    items[(next + items.length) % items.length]?.focus();
  }

  const open_ = (n: NotificationDto) => {
    if (n.readAt === null) run("mark it read", () => markRead(client, { ids: [n.id] }));
  };
  const label = unreadCount > 0 ? `Notifications, ${unreadCount} unread` : "Notifications";
  return (
    <div className="relative" data-live={connected}>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) setOpen(true);
          if (e.key === "Escape") setOpen(false);
        }}
        className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 0 0-4-5.7V5a2 2 0 1 0-4 0v.3A6 6 0 0 0 6 11v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0v1a3 3 0 1 1-6 0v-1m6 0H9" />
        </svg>
        {unreadCount > 0 && (
          <span
            data-testid="unread-badge"
            aria-hidden="true"
            className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
          >
            {unreadCount > 99 ? "99+" : unreadCount}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="region"
          aria-label="Latest notifications"
          onKeyDown={onPanelKeyDown}
          className="absolute right-0 z-20 mt-2 w-80 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-lg sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <span className="text-sm font-semibold">Notifications</span>
            {unreadCount > 0 && (
              <button
                type="button"
                onClick={() => run("mark all read", () => markRead(client, { all: true }))}
                className="rounded text-xs font-medium text-indigo-600 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
              >
                Mark all read
              </button>
            )}
          </div>
          <ActionFailureAlert failure={failure} className="m-2" />
          {list.items.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-slate-500">You&apos;re all caught up.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" data-testid="notification-list">
              {list.items.slice(0, SHOWN).map((n) => (
                <NotificationItem key={n.id} notification={n} onOpen={open_} />
              ))}
            </ul>
          )}
          <Link
            href="/notifications"
            data-item
            className="block border-t border-slate-100 px-4 py-2.5 text-center text-sm font-medium text-indigo-600 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
          >
            View all notifications
          </Link>
        </div>
      )}
    </div>
  );
}
