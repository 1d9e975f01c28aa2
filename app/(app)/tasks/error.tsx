"use client";

// The workspace could not be loaded (the database unreachable): say so, offer to try again.
import { WorkspaceMain } from "@/components/workspace/workspace-main.tsx";

export default function TasksError({ reset }: { error: unknown; reset: () => void }) {
  return (
    <WorkspaceMain>
      <h1 className="text-2xl font-semibold">Tasks</h1>
      <div role="alert" className="mt-6 rounded-xl border border-slate-200 bg-white px-4 py-6 text-sm dark:border-slate-700 dark:bg-slate-900">
        Couldn&apos;t load the workspace. Herald may be briefly unavailable.{" "}
        <button
          type="button"
          onClick={reset}
          className="font-medium text-indigo-700 underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 dark:text-indigo-300"
        >
          Try again
        </button>
      </div>
    </WorkspaceMain>
  );
}
