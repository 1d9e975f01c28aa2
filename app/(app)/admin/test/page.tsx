// /admin/test: send a test notification to a person or everyone.
import { TestNotificationForm } from "@/components/admin/test-notification-form.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Send a test · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <TestNotificationForm />;
}
