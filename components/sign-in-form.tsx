"use client";

// Sign-in: the message says what is actually wrong (an empty field is not a wrong
// password), the field at fault is marked invalid, and focus moves to the message so a
// keyboard or screen-reader user is not left on <body>.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "./ui/button.tsx";
import { InlineAlert } from "./ui/states.tsx";
import { PASSWORD_CHANGED_FLAG } from "./settings/password-changed.ts";

const PASSWORD_CHANGED = "Your password was changed and you were signed out everywhere. Sign in with the new password.";

type Failure = { message: string; fields: ("email" | "password")[] };

export function SignInForm({ passwordChanged = false }: { passwordChanged?: boolean }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(passwordChanged ? PASSWORD_CHANGED : null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  // A password change ends the session; the live connection may bring us here before the
  // change's own redirect (with ?password=changed) does: the flag it left says so too.
  useEffect(() => {
    try {
      if (sessionStorage.getItem(PASSWORD_CHANGED_FLAG)) {
        sessionStorage.removeItem(PASSWORD_CHANGED_FLAG);
        // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage exists only after mount
        setNotice(PASSWORD_CHANGED);
      }
    } catch {
      // Storage refused: the query string alone says it.
    }
  }, []);

  // Every failed attempt (even with the same message) moves focus to the message.
  useEffect(() => {
    if (attempt > 0) alertRef.current?.focus();
  }, [attempt]);

  const fail = (message: string, fields: Failure["fields"] = []) => {
    setFailure({ message, fields });
    setAttempt((a) => a + 1);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const email = field("email").trim();
    const password = field("password");
    const missing = [...(email ? [] : (["email"] as const)), ...(password ? [] : (["password"] as const))];
    if (missing.length === 2) return fail("Enter your email and password.", missing);
    if (missing[0] === "email") return fail("Enter your email.", missing);
    if (missing[0] === "password") return fail("Enter your password.", missing);
    setPending(true);
    setFailure(null);
    let result: Awaited<ReturnType<typeof signIn>>;
    try {
      result = await signIn("credentials", { email, password, redirect: false });
    } catch {
      return fail("Could not reach the server. Try again.");
    } finally {
      setPending(false);
    }
    if (result?.status === 429) return fail("Too many failed sign-in attempts. Wait a few minutes, then try again.");
    if (!result || result.error) return fail("Wrong email or password.", ["email", "password"]);
    router.replace("/");
    router.refresh();
  }

  const input =
    "mt-1 block min-h-touch w-full rounded-md border border-line-strong bg-surface px-3 text-base text-fg focus:border-focus focus:outline-none focus:ring-2 focus:ring-focus aria-[invalid=true]:border-danger sm:min-h-10 sm:text-sm";
  const invalid = (name: "email" | "password") => failure?.fields.includes(name) || undefined;
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="mt-6 space-y-4" noValidate>
      {notice && !failure && (
        <InlineAlert tone="success" role="status">
          {notice}
        </InlineAlert>
      )}
      {failure && (
        <InlineAlert ref={alertRef} tone="danger" id="signin-error" tabIndex={-1} role="alert">
          {failure.message}
        </InlineAlert>
      )}
      <label className="block text-sm font-medium text-fg">
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={invalid("email")}
          aria-describedby={invalid("email") && "signin-error"}
          className={input}
        />
      </label>
      <label className="block text-sm font-medium text-fg">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={invalid("password")}
          aria-describedby={invalid("password") && "signin-error"}
          className={input}
        />
      </label>
      <Button type="submit" variant="primary" disabled={pending} className="w-full justify-center">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
