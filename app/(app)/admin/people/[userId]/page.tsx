// /admin/people/{userId}: presence, unread, push subscriptions, sessions, role, disable.
import { PersonDetail } from "@/components/admin/person-detail.tsx";
import { requireAdminPage, safeDecode } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Person · Admin · Herald" };

export default async function Page({ params }: { params: Promise<{ userId: string }> }) {
  await requireAdminPage();
  const { userId } = await params;
  return <PersonDetail userId={safeDecode(userId)} />;
}
