// GET /settings/password - change the password (POST /api/v1/me/password); it ends every
// session of the person, so the form goes to sign-in afterwards.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SettingsMain } from "@/components/preferences/settings-main.tsx";
import { PasswordForm } from "@/components/settings/password-form.tsx";
import { getSessionUser } from "@/server/auth/session.ts";

export const metadata: Metadata = { title: "Password · Herald" };

export default async function PasswordSettingsPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <SettingsMain>
      <Link href="/settings/notifications" className="focus-ring inline-flex min-h-touch items-center rounded text-sm text-accent hover:underline sm:min-h-0">
        ← Notification settings
      </Link>
      <h1 className="mt-3 text-2xl font-semibold">Password</h1>
      <p className="mt-2 text-fg-muted">Change the password you sign in to Herald with.</p>
      <PasswordForm />
    </SettingsMain>
  );
}
