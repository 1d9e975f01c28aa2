// /admin/people: search people, see who is online.
import { PeopleList } from "@/components/admin/people-list.tsx";
import { requireAdminPage } from "@/server/admin/require-admin-page.ts";

export const metadata = { title: "People · Admin · Herald" };

export default async function Page() {
  await requireAdminPage();
  return <PeopleList />;
}
