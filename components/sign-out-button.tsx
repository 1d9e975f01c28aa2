"use client";

import { Button } from "./ui/button.tsx";

// This browser stops getting the person's pushes first: whoever signs in here next must not.
// next-auth's client and the push code load on click: no page needs them to paint.
async function signOutHere(): Promise<void> {
  const [{ signOut }, { disablePush }] = await Promise.all([import("next-auth/react"), import("@/lib/push-client.ts")]);
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
