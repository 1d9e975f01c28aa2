// GET /settings/notifications - what reaches the person where: one switch per type and
// channel, defaulting from the type, saved as they flip it; and push for this browser.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PreferencesEditor, type TypeView } from "@/components/preferences/preferences-editor.tsx";
import { PushSection } from "@/components/preferences/push-section.tsx";
import { SettingsMain } from "@/components/preferences/settings-main.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
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
      <section aria-labelledby="password-title" className="mt-10 rounded-card border border-line bg-surface px-4 py-5">
        <h2 id="password-title" className="font-semibold">
          Password
        </h2>
        <p className="mt-1 text-sm text-fg-muted">Changing it signs you out everywhere.</p>
        <Link href="/settings/password" className={buttonClass({ variant: "secondary", className: "mt-3" })}>
          Change password
        </Link>
      </section>
    </SettingsMain>
  );
}
