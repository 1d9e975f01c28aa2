// /admin/audit: every change an admin made.
import { AuditLog } from "@/components/admin/audit-log.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Audit log · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <AuditLog />;
}
