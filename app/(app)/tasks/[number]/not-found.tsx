// A task number that names no task (a stale link, a typo).
import Link from "next/link";
import { buttonClass } from "@/components/ui/button.tsx";
import { PageHeader, PageMain } from "@/components/ui/layout.tsx";

export default function TaskNotFound() {
  return (
    <PageMain>
      <PageHeader title="Task not found" description="It may have been a typo, or the link is from another workspace." />
      <Link href="/tasks" className={buttonClass({ variant: "secondary", className: "mt-6" })}>
        See all tasks
      </Link>
    </PageMain>
  );
}
