// While the workspace loads: its frame and a polite "Loading".
import { WorkspaceMain } from "@/components/workspace/workspace-main.tsx";

export default function Loading() {
  return (
    <WorkspaceMain>
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Loading tasks…
      </p>
      <div aria-hidden="true" className="mt-6 space-y-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-14 animate-pulse rounded-xl bg-slate-200/70 motion-reduce:animate-none dark:bg-slate-800" />
        ))}
      </div>
    </WorkspaceMain>
  );
}
