// /admin/types: every type's fields, auto-registered ones flagged until reviewed.
import { TypesEditor } from "@/components/admin/types-editor.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "Types · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <TypesEditor />;
}
