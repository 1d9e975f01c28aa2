// The signed-in home: a short orientation; the bell lives in the header.
import Link from "next/link";
import { getSessionUser } from "@/server/auth/session.ts";

export default async function HomePage() {
  const user = await getSessionUser();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Welcome, {user?.name ?? user?.email}</h1>
      <p className="mt-3 text-slate-600">
        Notifications published for you through Herald&apos;s API appear in the bell at the top right as they happen,
        in every tab you have open. Your full history is on the{" "}
        <Link href="/notifications" className="font-medium text-indigo-600 hover:underline">
          notifications page
        </Link>
        . To see it work, open the{" "}
        <Link href="/tasks" className="font-medium text-indigo-600 hover:underline">
          demo workspace
        </Link>
        : comment on a task, mention someone with @, or assign it, and their bell lights up. Choose what reaches you where, and turn on push for this browser, in{" "}
        <Link href="/settings/notifications" className="font-medium text-indigo-600 hover:underline">
          notification settings
        </Link>
        .
      </p>
    </main>
  );
}
