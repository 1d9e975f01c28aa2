// /admin/outbox/{id}: one email as its recipient would see it.
import { OutboxMessage } from "@/components/admin/outbox-message.tsx";
import { requireAdminPage, safeDecode } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Email · Admin · Herald" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  return <OutboxMessage id={safeDecode(id)} />;
}
