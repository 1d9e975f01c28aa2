// The header every page opens with: the skip link, the way home, and the page's own
// controls at the right (the app's navigation, the bell and the account; or only the theme
// menu on a page outside the signed-in app).
import Link from "next/link";
import type { ReactNode } from "react";
import { SkipLink } from "./ui/layout.tsx";

/** `compactName`: on phones the name is for screen readers only, leaving the room to the controls. */
export function SiteHeader({ children, compactName = false }: { children: ReactNode; compactName?: boolean }) {
  return (
    <header className="border-b border-line bg-surface">
      <SkipLink />
      <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-2 px-2 sm:px-4">
        <Link href="/" className="focus-ring flex min-h-touch items-center gap-2 rounded-md px-2 text-lg font-semibold tracking-tight">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 24 px static SVG: next/image adds nothing here */}
          <img src="/icon.svg" alt="" width={24} height={24} className="h-6 w-6" />
          <span className={compactName ? "sr-only sm:not-sr-only" : undefined}>Herald</span>
        </Link>
        {children}
      </div>
    </header>
  );
}
