// GET /tasks/{number} - one task: its description, who owns it and who it is assigned to,
// watching, and the comments; where the workspace's notifications link to.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { RelativeTime } from "@/components/relative-time.tsx";
import { AssignForm } from "@/components/workspace/assign-form.tsx";
import { CommentBody } from "@/components/workspace/comment-body.tsx";
import { CommentForm } from "@/components/workspace/comment-form.tsx";
import { PersonAvatar } from "@/components/workspace/person-avatar.tsx";
import { TaskLiveRefresh } from "@/components/workspace/task-live-refresh.tsx";
import { link, muted } from "@/components/workspace/styles.ts";
import { Card, PageMain } from "@/components/ui/layout.tsx";
import { WatchButton } from "@/components/workspace/watch-button.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { AppError } from "@/server/errors.ts";
import { listPeople } from "@/server/workspace/people.ts";
import { taskNumber } from "@/server/workspace/schemas.ts";
import { getTask, type TaskDetail } from "@/server/workspace/tasks.ts";

type Props = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Task #${(await params).number.slice(0, 12)} · Herald` };
}

async function load(raw: string, viewerId: string): Promise<TaskDetail> {
  const number = taskNumber.safeParse(raw);
  if (!number.success || !/^\d+$/.test(raw)) notFound();
  try {
    return await getTask(number.data, viewerId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function TaskPage({ params }: Props) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [task, people] = await Promise.all([load((await params).number, user.id), listPeople()]);
  return (
    <PageMain>
      <TaskLiveRefresh taskId={task.id} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/tasks" className={link}>
          ← All tasks
        </Link>
      </nav>
      <article className="mt-3">
        <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <p className={`text-sm tabular-nums ${muted}`}>Task #{task.number}</p>
            <h1 dir="auto" className="break-words text-2xl font-semibold tracking-tight">
              {task.title}
            </h1>
            <p className={`mt-1 text-sm ${muted}`}>
              Opened by {task.owner.name} <RelativeTime iso={task.createdAt} />
            </p>
          </div>
          <WatchButton number={task.number} watching={task.watching} />
        </header>
        <Card className="mt-4 p-4">
        <section aria-label="Details">
          {task.description ? (
            <p dir="auto" className="user-text">
              {task.description}
            </p>
          ) : (
            <p className={`text-sm ${muted}`}>No description.</p>
          )}
          <div className="mt-4 border-t border-line pt-4">
            <AssignForm number={task.number} assignee={task.assignee} people={people} meId={user.id} />
          </div>
          <p className="mt-3 text-xs text-fg-subtle">
            Watching: {task.watchers.length > 0 ? task.watchers.map((w) => w.name).join(", ") : "nobody"}
          </p>
        </section>
        </Card>
        <section aria-labelledby="comments-heading" className="mt-8">
          <h2 id="comments-heading" className="text-lg font-semibold">
            Comments <span className={`text-base font-normal ${muted}`}>({task.comments.length})</span>
          </h2>
          {task.comments.length === 0 ? (
            <p className={`mt-3 text-sm ${muted}`}>No comments yet. Start the conversation below.</p>
          ) : (
            <ol className="mt-3 space-y-3" data-testid="comments">
              {task.comments.map((c) => (
                <li key={c.id} id={`comment-${c.id}`} className="flex gap-3 rounded-card border border-line bg-surface p-4">
                  <PersonAvatar person={c.author} />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm">
                      <span className="font-medium">{c.author.name}</span> <span className="text-fg-subtle">· <RelativeTime iso={c.createdAt} /></span>
                    </p>
                    <div className="mt-1 text-sm">
                      <CommentBody body={c.body} people={people} />
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
          <CommentForm number={task.number} people={people} meId={user.id} />
        </section>
      </article>
    </PageMain>
  );
}
