// /admin: instances, connections, people online, volume, outcomes and queue, polled.
import { Overview } from "@/components/admin/overview.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Overview · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <Overview />;
}
