"use client";

// The settings could not be loaded (the database unreachable): say so, offer to try again.
import { SettingsMain } from "@/components/preferences/settings-main.tsx";

export default function SettingsError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <SettingsMain>
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <div role="alert" className="mt-6 rounded-card border border-line bg-surface px-4 py-6 text-sm">
        Couldn&apos;t load your notification settings. Herald may be briefly unavailable.{" "}
        <button
          type="button"
          onClick={retry}
          className="font-medium text-accent underline focus-ring"
        >
          Try again
        </button>
      </div>
    </SettingsMain>
  );
}
