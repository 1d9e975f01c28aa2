// /admin/api-keys: create (secret shown once), list, revoke.
import { ApiKeysPanel } from "@/components/admin/api-keys-panel.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "API keys · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <ApiKeysPanel />;
}
