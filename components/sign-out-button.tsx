"use client";

import { signOut } from "next-auth/react";
import { disablePush } from "@/lib/push-client.ts";

// This browser stops getting the person's pushes first: whoever signs in here next must not.
async function signOutHere(): Promise<void> {
  await disablePush().catch(() => {});
  await signOut({ callbackUrl: "/signin" });
}

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOutHere()}
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
    >
      Sign out
    </button>
  );
}
