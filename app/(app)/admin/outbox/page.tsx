// /admin/outbox: the emails written instead of sent (no SMTP).
import { OutboxList } from "@/components/admin/outbox-list.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Email outbox · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <OutboxList />;
}
