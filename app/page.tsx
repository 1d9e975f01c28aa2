// The signed-in home: header with the live bell, and a short orientation.
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header.tsx";
import { getSessionUser } from "@/server/auth/session.ts";
import { getBellSnapshot } from "@/server/notifications/latest-notifications.ts";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const snapshot = await getBellSnapshot(user.id);
  return (
    <>
      <AppHeader user={user} snapshot={snapshot} />
      <main className="mx-auto max-w-3xl px-4 py-10">
        <h1 className="text-2xl font-semibold">Welcome, {user.name ?? user.email}</h1>
        <p className="mt-3 text-slate-600">
          Notifications published for you through Herald&apos;s API appear in the bell at the top right as they
          happen, in every tab you have open.
        </p>
      </main>
    </>
  );
}
