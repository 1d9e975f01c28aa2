import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form.tsx";
import { getSessionUser } from "@/server/auth/session.ts";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getSessionUser()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Herald</h1>
        <SignInForm />
      </div>
    </main>
  );
}
