// While the workspace loads: its frame and a polite "Loading".
import { PageHeader, PageMain } from "@/components/ui/layout.tsx";

export default function Loading() {
  return (
    <PageMain>
      <PageHeader title="Tasks" />
      <p role="status" className="mt-4 text-sm text-fg-muted">
        Loading tasks…
      </p>
      <div aria-hidden="true" className="mt-6 space-y-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-14 animate-pulse rounded-card bg-surface-muted motion-reduce:animate-none" />
        ))}
      </div>
    </PageMain>
  );
}
