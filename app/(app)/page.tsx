// The signed-in home: a short orientation; the bell lives in the header.
import Link from "next/link";
import { PageHeader, PageMain } from "@/components/ui/layout.tsx";
import { getSessionUser } from "@/server/auth/session.ts";

export default async function HomePage() {
  const user = await getSessionUser();
  const link = "focus-ring rounded font-medium text-accent underline-offset-2 hover:underline";
  return (
    <PageMain className="pt-10">
      <PageHeader title={`Welcome, ${user?.name ?? user?.email ?? ""}`} />
      <p className="mt-3 text-fg-muted">
        Notifications published for you through Herald&apos;s API appear in the bell at the top right as they happen,
        in every tab you have open. Your full history is on the{" "}
        <Link href="/notifications" className={link}>
          notifications page
        </Link>
        . Choose what reaches you where, and turn on push for this browser, in{" "}
        <Link href="/settings/notifications" className={link}>
          notification settings
        </Link>
        .
      </p>
    </PageMain>
  );
}
