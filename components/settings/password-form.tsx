"use client";

// Change password: current, new, and the new again. Field errors sit under their field
// (checked here first, then from the API's 422 details); a refusal of the whole request
// (the sign-in throttle, the server away) is one message. On success every session of the
// person has ended, this one too: the browser goes to sign-in, which says what happened.
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "../ui/button.tsx";
import { InlineAlert } from "../ui/states.tsx";
import { PASSWORD_CHANGED_FLAG } from "./password-changed.ts";

const MIN = 8;
const MAX = 1024;

type Field = "currentPassword" | "newPassword" | "confirmPassword";
type Errors = Partial<Record<Field, string>>;
type ApiError = { error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] } };

const FIELDS: { name: Field; label: string; autoComplete: string; hint?: string }[] = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password", hint: `${MIN} to ${MAX} characters.` },
  { name: "confirmPassword", label: "Confirm new password", autoComplete: "new-password" },
];

function check(values: Record<Field, string>): Errors {
  const errors: Errors = {};
  if (!values.currentPassword) errors.currentPassword = "Enter your current password.";
  if (values.newPassword.length < MIN || values.newPassword.length > MAX) errors.newPassword = `Use ${MIN} to ${MAX} characters.`;
  if (!errors.newPassword && values.confirmPassword !== values.newPassword) errors.confirmPassword = "This does not match the new password.";
  return errors;
}

/** The API's 422 details, in words for the field they name. */
function fromDetails(details: NonNullable<ApiError["error"]>["details"] = []): Errors {
  const errors: Errors = {};
  for (const d of details) {
    if (d.path === "currentPassword") errors.currentPassword = d.message?.includes("current") ? "That is not your current password." : "Enter your current password.";
    if (d.path === "newPassword") errors.newPassword = `Use ${MIN} to ${MAX} characters.`;
  }
  return errors;
}

export function PasswordForm() {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const focusFirst = (found: Errors) => {
    const first = FIELDS.find((f) => found[f.name]);
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first.name}"]`)?.focus();
  };
  const refuse = (message: string) => {
    setFailure(message);
    // After React has rendered the message.
    requestAnimationFrame(() => alertRef.current?.focus());
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: Field) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
    const values = { currentPassword: value("currentPassword"), newPassword: value("newPassword"), confirmPassword: value("confirmPassword") };
    const found = check(values);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return focusFirst(found);

    setPending(true);
    // Success ends this session too, and the live connection may hear it first and go to
    // sign-in before the answer arrives: the flag lets sign-in say why either way.
    sessionStorage.setItem(PASSWORD_CHANGED_FLAG, "pending");
    let res: Response;
    try {
      res = await fetch("/api/v1/me/password", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
      });
    } catch {
      sessionStorage.removeItem(PASSWORD_CHANGED_FLAG);
      setPending(false);
      return refuse("Herald can't be reached right now. Check your connection and try again.");
    }
    if (res.ok) {
      router.replace("/signin?password=changed");
      router.refresh();
      return;
    }
    sessionStorage.removeItem(PASSWORD_CHANGED_FLAG);
    setPending(false);
    const body = (await res.json().catch(() => null)) as ApiError | null;
    if (res.status === 422) {
      const fieldErrors = fromDetails(body?.error?.details);
      if (Object.keys(fieldErrors).length > 0) {
        setErrors(fieldErrors);
        return focusFirst(fieldErrors);
      }
    }
    if (res.status === 429) {
      const wait = Number(res.headers.get("retry-after"));
      return refuse(`Too many wrong passwords. Try again ${wait > 0 ? `in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}` : "later"}.`);
    }
    if (res.status === 401) return refuse("Your session has ended. Sign in again to change your password.");
    if (res.status === 503) return refuse("Herald is briefly unavailable. Try again in a few seconds.");
    refuse(body?.error?.message ?? `Your password could not be changed (${res.status}).`);
  }

  const input =
    "mt-1 block min-h-touch w-full rounded-md border border-line-strong bg-surface px-3 text-base text-fg focus:border-focus focus:outline-none focus:ring-2 focus:ring-focus aria-[invalid=true]:border-danger sm:min-h-10 sm:text-sm";
  return (
    <form ref={formRef} onSubmit={(event) => void onSubmit(event)} noValidate className="mt-4 max-w-sm space-y-4" data-testid="password-form">
      {failure && (
        <InlineAlert ref={alertRef} tabIndex={-1} tone="danger">
          {failure}
        </InlineAlert>
      )}
      {FIELDS.map((f) => {
        const error = errors[f.name];
        const describedBy = [error && `${f.name}-error`, f.hint && `${f.name}-hint`].filter(Boolean).join(" ") || undefined;
        return (
          <div key={f.name}>
            <label htmlFor={f.name} className="block text-sm font-medium text-fg">
              {f.label}
            </label>
            <input
              id={f.name}
              name={f.name}
              type="password"
              autoComplete={f.autoComplete}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              className={input}
            />
            {f.hint && (
              <p id={`${f.name}-hint`} className="mt-1 text-sm text-fg-subtle">
                {f.hint}
              </p>
            )}
            {error && (
              <p id={`${f.name}-error`} className="mt-1 text-sm text-danger" data-testid={`${f.name}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      <p className="text-sm text-fg-muted">Changing it signs you out everywhere, here too: then sign in with the new password.</p>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
