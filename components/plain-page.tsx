// The frame of a page outside the signed-in layout (not found, an error): a header with
// the way home and the theme menu, the skip link, and the page's <main id="main">.
import Link from "next/link";
import type { ReactNode } from "react";
import { PageMain, SkipLink } from "./ui/layout.tsx";
import { ThemeToggle } from "./ui/theme-toggle.tsx";

export function PlainPage({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-b border-line bg-surface">
        <SkipLink />
        <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-2 px-2 sm:px-4">
          <Link href="/" className="focus-ring flex min-h-touch items-center gap-2 rounded-md px-2 text-lg font-semibold tracking-tight">
            {/* eslint-disable-next-line @next/next/no-img-element -- a 24 px static SVG: next/image adds nothing here */}
            <img src="/icon.svg" alt="" width={24} height={24} className="h-6 w-6" />
            Herald
          </Link>
          <ThemeToggle />
        </div>
      </header>
      <PageMain>{children}</PageMain>
    </>
  );
}
