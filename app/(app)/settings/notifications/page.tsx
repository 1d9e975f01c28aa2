// GET /settings/notifications - what reaches the person where: one switch per type and
// channel, defaulting from the type, saved as they flip it; and push for this browser.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PreferencesEditor, type TypeView } from "@/components/preferences/preferences-editor.tsx";
import { PushSection } from "@/components/preferences/push-section.tsx";
import { SettingsMain } from "@/components/preferences/settings-main.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { listPreferences } from "@/server/preferences/preferences.ts";
import { listTypes } from "@/server/types/type-registry.ts";

export const metadata: Metadata = { title: "Notification settings · Herald" };

export default async function NotificationSettingsPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [types, preferences] = await Promise.all([listTypes(), listPreferences(user.id)]);
  // Only what the screen shows goes to the browser.
  const shown: TypeView[] = types.map(({ type, displayName, description, autoRegistered }) => ({ type, displayName, description, autoRegistered }));
  return (
    <SettingsMain>
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <p className="mt-2 text-fg-muted">
        Choose where each kind of notification reaches you: in the app, as a push notification, or by email.
      </p>
      <PreferencesEditor types={shown} initial={preferences} />
      <PushSection />
    </SettingsMain>
  );
}
