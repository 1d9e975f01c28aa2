// The admin console's frame: its navigation, for admins only. The layout checks too (not
// only each page), so nothing of the console renders around a refused page.
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <div data-admin-console="true" className="min-h-[calc(100dvh-3.5rem)]">
      <div className="mx-auto max-w-5xl px-4 pb-toast pt-6 xl:pb-10">
        <AdminNav />
        <main id="main" tabIndex={-1} className="mt-4 outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
