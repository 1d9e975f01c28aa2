// Every signed-in page: the header with the bell, and one realtime inbox connection per
// tab shared by the bell and the page.
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header.tsx";
import { ArrivalToasts } from "@/components/inbox/arrival-toasts.tsx";
import { ConnectionBanner } from "@/components/inbox/connection-banner.tsx";
import { InboxProvider } from "@/components/inbox/inbox-provider.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { getConfig } from "@/server/config/index.ts";
import { getInboxSnapshot } from "@/server/inbox/inbox-snapshot.ts";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { latest, ...since } = await getInboxSnapshot(user.id);
  return (
    <InboxProvider since={since} appOrigin={new URL(getConfig().publicUrl).origin}>
      <AppHeader user={user} latest={latest} />
      <ConnectionBanner />
      {children}
      <ArrivalToasts />
    </InboxProvider>
  );
}
