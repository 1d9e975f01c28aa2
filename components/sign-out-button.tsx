"use client";

import { signOut } from "next-auth/react";
import { Button } from "./ui/button.tsx";
import { disablePush } from "@/lib/push-client.ts";

// This browser stops getting the person's pushes first: whoever signs in here next must not.
async function signOutHere(): Promise<void> {
  await disablePush().catch(() => {});
  await signOut({ callbackUrl: "/signin" });
}

export function SignOutButton() {
  return (
    <Button variant="ghost" size="sm" onClick={() => void signOutHere()}>
      Sign out
    </Button>
  );
}
