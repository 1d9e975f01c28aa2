import type { ReactNode } from "react";

/**
 * The settings screen's surface. The rest of the app is light-only; this screen also
 * follows a dark system color scheme (Tailwind's `dark:` is prefers-color-scheme), on its
 * own area below the header, without restyling the rest.
 */
export function SettingsMain({ children }: { children: ReactNode }) {
  return (
    <main className="min-h-[calc(100dvh-3.5rem)] [color-scheme:light] dark:bg-slate-950 dark:text-slate-100 dark:[color-scheme:dark]">
      <div className="mx-auto max-w-3xl px-4 py-8">{children}</div>
    </main>
  );
}
