// The signed-in home: a short orientation; the bell lives in the header.
import Link from "next/link";
import { PushToggle } from "@/components/push/push-toggle.tsx";
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
        .
      </p>
      <section aria-labelledby="push-heading" className="mt-8 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="push-heading" className="text-base font-semibold">
          Push notifications
        </h2>
        <PushToggle className="mt-3" />
      </section>
    </main>
  );
}
