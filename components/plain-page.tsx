// The frame of a page outside the signed-in layout (not found, an error): a header with
// the way home and the theme menu, the skip link, and the page's <main id="main">.
import type { ReactNode } from "react";
import { SiteHeader } from "./site-header.tsx";
import { PageMain } from "./ui/layout.tsx";
import { ThemeToggle } from "./ui/theme-toggle.tsx";

export function PlainPage({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader>
        <ThemeToggle />
      </SiteHeader>
      <PageMain>{children}</PageMain>
    </>
  );
}
