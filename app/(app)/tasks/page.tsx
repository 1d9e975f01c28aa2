// GET /tasks - the demo workspace: create a task, see what everyone is working on.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NewTaskForm } from "@/components/workspace/new-task-form.tsx";
import { TaskList } from "@/components/workspace/task-list.tsx";
import { PageHeader, PageMain } from "@/components/ui/layout.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { listPeople } from "@/server/workspace/people.ts";
import { listTasks } from "@/server/workspace/tasks.ts";

export const metadata: Metadata = { title: "Tasks · Herald" };

export default async function TasksPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [tasks, people] = await Promise.all([listTasks(), listPeople()]);
  return (
    <PageMain>
      <PageHeader
        title="Tasks"
        description="A small workspace to try Herald with. Comments, @mentions and assignments here are published through Herald's own API, the way your product would, and land in people's bells."
      />
      <div className="mt-6">
        <NewTaskForm people={people} meId={user.id} />
      </div>
      <h2 className="mb-3 mt-8 text-lg font-semibold">All tasks</h2>
      <TaskList tasks={tasks} />
    </PageMain>
  );
}
