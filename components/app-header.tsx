import Link from "next/link";
import { NotificationBell } from "./notification-bell.tsx";
import { SignOutButton } from "./sign-out-button.tsx";
import type { NotificationDto } from "@/lib/events.ts";

type Props = { user: { name: string | null; email: string | null }; latest: NotificationDto[] };

export function AppHeader({ user, latest }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-5xl items-center justify-between px-4">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Herald
        </Link>
        <div className="flex items-center gap-3">
          <Link
            href="/tasks"
            className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
          >
            Tasks
          </Link>
          <NotificationBell initial={latest} />
          <Link
            href="/settings/notifications"
            aria-label="Settings"
            title="Notification settings"
            className="rounded-full p-2 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
              <path d="M10.3 4.3c.4-1.7 3-1.7 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.8.5 1.8 3 0 3.4a1.7 1.7 0 0 0-1 2.6c.9 1.5-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1c-.4 1.8-3 1.8-3.4 0a1.7 1.7 0 0 0-2.5-1c-1.6.9-3.3-.9-2.4-2.4a1.7 1.7 0 0 0-1.1-2.6c-1.7-.4-1.7-3 0-3.4a1.7 1.7 0 0 0 1.1-2.5c-.9-1.6.8-3.3 2.4-2.4a1.7 1.7 0 0 0 2.5-1.1Z" />
              <circle cx="12" cy="12" r="3" />
            </svg>
          </Link>
          <span className="hidden text-sm text-slate-600 sm:inline" data-testid="signed-in-as">
            {user.name ?? user.email}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
