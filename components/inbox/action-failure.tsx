"use client";

import { Button } from "../ui/button.tsx";
import { InlineAlert } from "../ui/states.tsx";
import type { ActionFailure } from "./use-action.ts";

/** A failed action's message with Retry and Dismiss. */
export function ActionFailureAlert({ failure, className = "" }: { failure: ActionFailure | null; className?: string }) {
  if (!failure) return null;
  return (
    <InlineAlert
      tone="danger"
      className={className}
      actions={
        <>
          <Button variant="ghost" size="sm" className="text-danger underline" onClick={failure.retry}>
            Retry
          </Button>
          <Button variant="ghost" size="sm" className="text-danger" onClick={failure.dismiss}>
            Dismiss
          </Button>
        </>
      }
    >
      {failure.message}
    </InlineAlert>
  );
}
