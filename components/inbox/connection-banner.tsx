"use client";

// While the live connection is lost, the page says so instead of showing stale data as
// live; it disappears by itself once the connection (and its catch-up) is back.
import { StatusBanner } from "../ui/states.tsx";
import { useInbox } from "./inbox-provider.tsx";

export function ConnectionBanner() {
  const { status } = useInbox();
  return (
    <div data-status={status} data-testid="connection-status">
      <StatusBanner show={status === "reconnecting"} tone="warning">
        Reconnecting… New notifications will appear when the connection is back.
      </StatusBanner>
    </div>
  );
}
