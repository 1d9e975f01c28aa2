"use client";

// The workspace could not be loaded (the database unreachable): say so, offer to try again.
import { Card, PageHeader, PageMain } from "@/components/ui/layout.tsx";
import { ErrorState } from "@/components/ui/states.tsx";

export default function TasksError({ reset }: { error: unknown; reset: () => void }) {
  return (
    <PageMain>
      <PageHeader title="Tasks" />
      <Card className="mt-6">
        <ErrorState title="Couldn't load the workspace" description="Herald may be briefly unavailable." onRetry={reset} />
      </Card>
    </PageMain>
  );
}
