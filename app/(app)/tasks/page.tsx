// GET /tasks - the demo workspace: create a task, see what everyone is working on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NewTaskForm } from "@/components/workspace/new-task-form.tsx";
import { muted } from "@/components/workspace/styles.ts";
import { TaskList } from "@/components/workspace/task-list.tsx";
import { WorkspaceMain } from "@/components/workspace/workspace-main.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { listPeople } from "@/server/workspace/people.ts";
import { listTasks } from "@/server/workspace/tasks.ts";

export const metadata: Metadata = { title: "Tasks · Herald" };

export default async function TasksPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [tasks, people] = await Promise.all([listTasks(), listPeople()]);
  return (
    <WorkspaceMain>
      <h1 className="text-2xl font-semibold">Tasks</h1>
      <p className={`mt-2 ${muted}`}>
        A small workspace to try Herald with. Comments, @mentions and assignments here are published through Herald&apos;s own API, the
        way your product would, and land in people&apos;s bells.
      </p>
      <div className="mt-6">
        <NewTaskForm people={people} meId={user.id} />
      </div>
      <h2 className="mb-3 mt-8 text-lg font-semibold">All tasks</h2>
      <TaskList tasks={tasks} />
    </WorkspaceMain>
  );
}
