"use client";

// The settings could not be loaded (the database unreachable): say so, offer to try again.
import { SettingsMain } from "@/components/preferences/settings-main.tsx";
import { Card } from "@/components/ui/layout.tsx";
import { ErrorState } from "@/components/ui/states.tsx";

export default function SettingsError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <SettingsMain>
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <Card className="mt-6">
        <ErrorState title="Couldn't load your notification settings." description="Herald may be briefly unavailable." onRetry={retry} />
      </Card>
    </SettingsMain>
  );
}
