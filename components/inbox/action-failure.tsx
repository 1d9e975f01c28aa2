"use client";

import type { ActionFailure } from "./use-action.ts";

/** A failed action's message with Retry and Dismiss. */
export function ActionFailureAlert({ failure, className = "" }: { failure: ActionFailure | null; className?: string }) {
  if (!failure) return null;
  const button = "rounded px-2 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400";
  return (
    <div role="alert" className={`flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ${className}`}>
      <span className="flex-1">{failure.message}</span>
      <button type="button" onClick={failure.retry} className={`${button} text-red-800 underline hover:bg-red-100`}>
        Retry
      </button>
      <button type="button" onClick={failure.dismiss} className={`${button} text-red-700 hover:bg-red-100`}>
        Dismiss
      </button>
    </div>
  );
}
