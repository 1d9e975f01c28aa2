// The workspace's tasks, most recently active first; each row opens its task.
import Link from "next/link";
import { RelativeTime } from "@/components/relative-time.tsx";
import type { TaskSummary } from "@/server/workspace/tasks.ts";
import { PersonAvatar } from "./person-avatar.tsx";
import { Card, List } from "@/components/ui/layout.tsx";
import { EmptyState } from "@/components/ui/states.tsx";
import { muted } from "./styles.ts";

export function TaskList({ tasks }: { tasks: TaskSummary[] }) {
  if (tasks.length === 0) {
    return (
      <Card>
        <EmptyState title="No tasks yet" description="Create the first one above, assign it to someone, and watch their bell light up." />
      </Card>
    );
  }
  return (
    <Card>
      <List data-testid="task-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <Link
              href={`/tasks/${task.number}`}
              className="focus-ring flex min-h-touch items-start gap-3 px-4 py-3 hover:bg-surface-muted"
            >
              <span className={`mt-0.5 w-12 shrink-0 text-sm tabular-nums ${muted}`}>#{task.number}</span>
              <span className="min-w-0 flex-1">
                <span dir="auto" className="block truncate font-medium">
                  {task.title}
                </span>
                <span className="mt-0.5 block text-xs text-fg-subtle">
                  by {task.owner.name} · updated <RelativeTime iso={task.updatedAt} />
                  {task.commentCount > 0 && ` · ${task.commentCount} comment${task.commentCount === 1 ? "" : "s"}`}
                </span>
              </span>
              {task.assignee ? (
                <span className="flex shrink-0 items-center gap-1.5 text-xs" title={`Assigned to ${task.assignee.name}`}>
                  <PersonAvatar person={task.assignee} size="sm" />
                  <span className="hidden sm:inline">{task.assignee.name}</span>
                  <span className="sr-only sm:hidden">Assigned to {task.assignee.name}</span>
                </span>
              ) : (
                <span className={`shrink-0 text-xs ${muted}`}>Unassigned</span>
              )}
            </Link>
          </li>
        ))}
      </List>
    </Card>
  );
}
