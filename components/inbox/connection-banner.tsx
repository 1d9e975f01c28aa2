"use client";

// While the live connection is lost, the page says so instead of showing stale data as
// live; it disappears by itself once the connection (and its catch-up) is back.
import { useInbox } from "./inbox-provider.tsx";

export function ConnectionBanner() {
  const { status } = useInbox();
  return (
    <div role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      {status === "reconnecting" && (
        <p className="bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
          Reconnecting… New notifications will appear when the connection is back.
        </p>
      )}
    </div>
  );
}
