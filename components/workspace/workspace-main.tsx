import type { ReactNode } from "react";

/** The workspace's surface below the header: light, or dark when the system asks for it. */
export function WorkspaceMain({ children }: { children: ReactNode }) {
  return (
    <main className="min-h-[calc(100dvh-3.5rem)] [color-scheme:light] dark:bg-slate-950 dark:text-slate-100 dark:[color-scheme:dark]">
      <div className="mx-auto max-w-3xl px-4 py-6 sm:py-8">{children}</div>
    </main>
  );
}
