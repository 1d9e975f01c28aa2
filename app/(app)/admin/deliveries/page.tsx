// /admin/deliveries: the delivery log, filtered.
import { DeliveryLog } from "@/components/admin/delivery-log.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Delivery log · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <DeliveryLog />;
}
