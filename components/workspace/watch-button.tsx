"use client";
// Watch a task to hear about every comment on it, or stop.
import { watchTaskAction } from "@/app/(app)/tasks/actions.ts";
import { Button } from "@/components/ui/button.tsx";
import { InlineAlert } from "@/components/ui/states.tsx";
import { useFormAction } from "./use-form-action.ts";

export function WatchButton({ number, watching }: { number: number; watching: boolean }) {
  const { pending, onSubmit, formError } = useFormAction(watchTaskAction);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="watch" value={String(!watching)} />
      <Button type="submit" variant="secondary" disabled={pending} aria-pressed={watching}>
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill={watching ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.8">
          <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
          <circle cx="12" cy="12" r="3" className={watching ? "fill-surface" : undefined} fill="none" />
        </svg>
        {watching ? "Watching" : "Watch"}
      </Button>
      {formError && <InlineAlert className="mt-1">{formError}</InlineAlert>}
    </form>
  );
}
