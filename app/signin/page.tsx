import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form.tsx";
import { ThemeToggle } from "@/components/ui/theme-toggle.tsx";
import { getSessionUser } from "@/server/auth/session.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Herald" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  if (await getSessionUser()) redirect("/");
  return (
    <>
      <div className="absolute right-2 top-2">
        <ThemeToggle />
      </div>
      <main id="main" className="flex min-h-screen items-center justify-center px-4">
        <div className="w-full max-w-sm rounded-card border border-line bg-surface p-6 shadow-sm sm:p-8">
          {/* eslint-disable-next-line @next/next/no-img-element -- a static SVG logo */}
          <img src="/icon.svg" alt="" width={40} height={40} className="h-10 w-10" />
          <h1 className="mt-4 text-xl font-semibold">Sign in to Herald</h1>
          <SignInForm passwordChanged={(await searchParams).password === "changed"} />
        </div>
      </main>
    </>
  );
}
