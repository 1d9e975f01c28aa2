// /admin/deliveries/{id}: one notification's whole story.
import { NotificationStory } from "@/components/admin/notification-story.tsx";
import { requireAdminPage, safeDecode } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Notification · Admin · Herald" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  return <NotificationStory id={safeDecode(id)} />;
}
