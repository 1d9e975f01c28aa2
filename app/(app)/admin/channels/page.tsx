// /admin/channels: deployment-wide switches, SMTP with a test email, push.
import { ChannelsPanel } from "@/components/admin/channels-panel.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Channels · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <ChannelsPanel />;
}
