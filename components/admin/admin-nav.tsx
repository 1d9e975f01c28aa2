"use client";
// The console's sections, from the one list of admin pages; scrolls sideways where it does
// not fit (phones, tablets); fits beside the toast column from 1280 px.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ADMIN_PAGES } from "@/lib/admin-pages.ts";
import { focusRing } from "./parts.tsx";

export function AdminNav() {
  const pathname = usePathname();
  const current = (path: string) => (path === "/admin" ? pathname === "/admin" : pathname === path || pathname.startsWith(`${path}/`));
  return (
    <nav aria-label="Admin console" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex min-w-max gap-1 border-b border-line lg:gap-0">
        {ADMIN_PAGES.filter((p) => p.nav).map((p) => (
          <li key={p.path}>
            <Link
              href={p.path}
              aria-current={current(p.path) ? "page" : undefined}
              className={`-mb-px inline-flex min-h-touch items-center border-b-2 px-3 text-sm lg:px-2 font-medium ${focusRing} ${
                current(p.path)
                  ? "border-accent text-accent"
                  : "border-transparent text-fg-muted hover:text-fg"
              }`}
            >
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
