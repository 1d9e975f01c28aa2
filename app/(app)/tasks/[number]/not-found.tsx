// A task number that names no task (a stale link, a typo).
import Link from "next/link";
import { WorkspaceMain } from "@/components/workspace/workspace-main.tsx";

export default function TaskNotFound() {
  return (
    <WorkspaceMain>
      <h1 className="text-2xl font-semibold">Task not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">It may have been a typo, or the link is from another workspace.</p>
      <Link href="/tasks" className="mt-4 inline-block font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 dark:text-indigo-300">
        See all tasks
      </Link>
    </WorkspaceMain>
  );
}
