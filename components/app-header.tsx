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
          <NotificationBell initial={latest} />
          <span className="hidden text-sm text-slate-600 sm:inline" data-testid="signed-in-as">
            {user.name ?? user.email}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
