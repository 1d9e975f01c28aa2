"use client";

// Runs an inbox action (mark read, clear…) and keeps its failure, with a way to retry it,
// so a failed action always says so: never raw "Failed to fetch", never nothing.
import { useCallback, useState } from "react";

export type ActionFailure = { message: string; retry: () => void; dismiss: () => void };

export function useAction() {
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  const run = useCallback((what: string, action: () => Promise<void>) => {
    setFailure(null);
    const attempt = () => {
      action().catch((error: unknown) => {
        setFailure({
          message: `Couldn't ${what}. ${error instanceof Error ? error.message : ""}`.trim(),
          retry: () => {
            setFailure(null);
            attempt();
          },
          dismiss: () => setFailure(null),
        });
      });
    };
    attempt();
  }, []);

  return { run, failure };
}
