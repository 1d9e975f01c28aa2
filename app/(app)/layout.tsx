// Every signed-in page: the header with the bell, and one realtime inbox connection per
// tab shared by the bell and the page.
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header.tsx";
import { ConnectionBanner } from "@/components/inbox/connection-banner.tsx";
import { InboxProvider } from "@/components/inbox/inbox-provider.tsx";
import { LazyArrivalToasts } from "@/components/inbox/lazy-parts.tsx";
import { TypeCatalogProvider, type TypeCatalog } from "@/components/inbox/type-catalog.tsx";
import { UnreadTitle } from "@/components/inbox/unread-title.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { getConfig } from "@/server/config/index.ts";
import { getInboxSnapshot } from "@/server/inbox/inbox-snapshot.ts";
import { listTypes } from "@/server/types/type-registry.ts";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [{ latest, ...since }, types] = await Promise.all([getInboxSnapshot(user.id), listTypes()]);
  // Only a type's name and priority go to the browser (icons and severity in the bell and feed).
  const catalog: TypeCatalog = Object.fromEntries(types.map((t) => [t.type, { name: t.displayName, priority: t.priority }]));
  return (
    <InboxProvider since={since} appOrigin={new URL(getConfig().publicUrl).origin}>
      <TypeCatalogProvider catalog={catalog}>
        <AppHeader user={user} latest={latest} />
        <ConnectionBanner />
        {/* Toasts: on phones part of the page under the header, from 768 px in PageMain's free column. */}
        <LazyArrivalToasts />
        {children}
        <UnreadTitle />
      </TypeCatalogProvider>
    </InboxProvider>
  );
}
