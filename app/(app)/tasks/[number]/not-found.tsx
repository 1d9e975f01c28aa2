// A task number that names no task (a stale link, a typo).
import Link from "next/link";
import { buttonClass } from "@/components/ui/button.tsx";
import { Card, PageMain } from "@/components/ui/layout.tsx";
import { EmptyState } from "@/components/ui/states.tsx";

export default function TaskNotFound() {
  return (
    <PageMain>
      <Card>
        <EmptyState
          title={<span className="text-lg">Task not found</span>}
          description="It may have been a typo, or the link is from another workspace."
          action={
            <Link href="/tasks" className={buttonClass({ variant: "secondary" })}>
              See all tasks
            </Link>
          }
        />
      </Card>
    </PageMain>
  );
}
