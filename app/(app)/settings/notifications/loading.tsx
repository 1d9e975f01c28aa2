// While the settings load (a slow database): the screen's frame and a polite "Loading".
import { SettingsMain } from "@/components/preferences/settings-main.tsx";

export default function Loading() {
  return (
    <SettingsMain>
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <p role="status" className="mt-6 text-sm text-fg-muted">
        Loading your notification settings…
      </p>
    </SettingsMain>
  );
}
