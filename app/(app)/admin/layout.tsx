// The admin console's frame: its navigation, for admins only, in the page column that keeps
// toasts off its controls. The layout checks too (not
// only each page), so nothing of the console renders around a refused page.
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav.tsx";
import { pageColumn } from "@/components/ui/layout.tsx";
import { cn } from "@/components/ui/cn.ts";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <div data-admin-console="true" className="min-h-[calc(100dvh-3.5rem)]">
      <div className={cn(pageColumn("5xl"), "pt-6")}>
        <AdminNav />
        <main id="main" tabIndex={-1} className="mt-4 outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
