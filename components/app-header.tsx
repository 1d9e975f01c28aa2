import Link from "next/link";
import { NotificationBell } from "./notification-bell.tsx";
import { SignOutButton } from "./sign-out-button.tsx";
import { buttonClass } from "./ui/button.tsx";
import { SiteHeader } from "./site-header.tsx";
import { ThemeToggle } from "./ui/theme-toggle.tsx";
import type { NotificationDto } from "@/lib/events.ts";

type Props = { user: { name: string | null; email: string | null; role?: "user" | "admin" }; latest: NotificationDto[] };

export function AppHeader({ user, latest }: Props) {
  return (
    <SiteHeader compactName>
      <div className="flex items-center gap-0.5 sm:gap-1">
        <NavLink href="/tasks" label="Tasks" icon={<path d="M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2" />} />
        {user.role === "admin" && (
          <NavLink href="/admin" label="Admin" icon={<path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6l8-3Z" />} />
        )}
        <NotificationBell initial={latest} />
        <Link href="/settings/notifications" aria-label="Settings" title="Notification settings" className={buttonClass({ variant: "ghost", size: "icon" })}>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M10.3 4.3c.4-1.7 3-1.7 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.8.5 1.8 3 0 3.4a1.7 1.7 0 0 0-1 2.6c.9 1.5-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1c-.4 1.8-3 1.8-3.4 0a1.7 1.7 0 0 0-2.5-1c-1.6.9-3.3-.9-2.4-2.4a1.7 1.7 0 0 0-1.1-2.6c-1.7-.4-1.7-3 0-3.4a1.7 1.7 0 0 0 1.1-2.5c-.9-1.6.8-3.3 2.4-2.4a1.7 1.7 0 0 0 2.5-1.1Z" />
            <circle cx="12" cy="12" r="3" />
          </svg>
        </Link>
        <ThemeToggle />
        <span className="hidden px-2 text-sm text-fg-muted md:inline" data-testid="signed-in-as">
          {user.name ?? user.email}
        </span>
        <SignOutButton />
      </div>
    </SiteHeader>
  );
}

/** A header link: its label from 640 px up, an icon (with the label for screen readers) on phones, so the header fits 390 px. */
function NavLink({ href, label, icon }: { href: string; label: string; icon: React.ReactNode }) {
  return (
    <Link href={href} className={buttonClass({ variant: "ghost", size: "sm" })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 sm:hidden" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        {icon}
      </svg>
      <span className="sr-only sm:not-sr-only">{label}</span>
    </Link>
  );
}
