// A page that does not exist (a typo, a stale link): status 404, in the app's look and
// theme, with a way home.
import type { Metadata } from "next";
import Link from "next/link";
import { PlainPage } from "@/components/plain-page.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { PageHeader } from "@/components/ui/layout.tsx";

export const metadata: Metadata = { title: "Page not found · Herald" };

export default function NotFound() {
  return (
    <PlainPage>
      <p className="text-sm font-semibold text-accent">404</p>
      <PageHeader className="mt-1" title="Page not found" description="The link may be mistyped, or the page has moved." />
      <div className="mt-6 flex flex-wrap gap-2">
        <Link href="/" className={buttonClass({ variant: "primary" })}>
          Back to Herald
        </Link>
        <Link href="/notifications" className={buttonClass({ variant: "secondary" })}>
          Your notifications
        </Link>
      </div>
    </PlainPage>
  );
}
