"use client";

// Something failed while rendering a page (a server error, Herald briefly unavailable): say
// so in the app's look and theme, offer to try again or go home. Never a stack trace.
import Link from "next/link";
import { useEffect } from "react";
import { PlainPage } from "@/components/plain-page.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { PageHeader } from "@/components/ui/layout.tsx";
import { Button } from "@/components/ui/button.tsx";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The server logged the details; the digest ties this page to that log line.
    if (error.digest) console.error(`Page error ${error.digest}`);
  }, [error]);
  return (
    <PlainPage>
      <div role="alert">
        <PageHeader title="Something went wrong" description="Herald couldn't show this page. It may be briefly unavailable: try again in a moment." />
      </div>
      {error.digest && <p className="mt-2 text-sm text-fg-subtle">Reference: {error.digest}</p>}
      <div className="mt-6 flex flex-wrap gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Link href="/" className={buttonClass({ variant: "secondary" })}>
          Back to Herald
        </Link>
      </div>
    </PlainPage>
  );
}
