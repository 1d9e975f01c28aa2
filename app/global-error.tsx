"use client";

// The last resort, when the root layout itself failed: it replaces <html>, so it brings its
// own styles and applies the remembered theme itself (the layout's pre-paint script is gone).
import { useEffect } from "react";
import { Button } from "@/components/ui/button.tsx";
import { readThemeChoice } from "@/components/ui/theme.ts";
import "./globals.css";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    const choice = readThemeChoice();
    const dark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  }, []);
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Herald</title>
      </head>
      <body className="min-h-screen">
        <main id="main" className="mx-auto max-w-md px-4 py-16 text-center">
          <h1 className="text-xl font-semibold">Something went wrong</h1>
          <p className="mt-2 text-sm text-fg-muted">Herald couldn&apos;t show this page. It may be briefly unavailable: try again in a moment.</p>
          <div className="mt-6 flex justify-center gap-2">
            <Button variant="primary" onClick={reset}>
              Try again
            </Button>
            {/* A full page load: the app's router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="focus-ring inline-flex min-h-touch items-center rounded-md px-4 text-sm font-medium text-accent underline">
              Back to Herald
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
