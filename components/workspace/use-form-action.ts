"use client";
// Submits a form to its server action without React resetting the fields: a refused
// comment keeps its text beside its error, and the caller clears what it wants on success.
import { useState, useTransition, type FormEvent } from "react";
import type { FormState } from "./form-state.ts";

export function useFormAction(action: (state: FormState, form: FormData) => Promise<FormState>, onDone?: () => void) {
  const [state, setState] = useState<FormState>(null);
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    startTransition(async () => {
      try {
        const result = await action(null, form);
        setState(result);
        if (result?.ok) onDone?.();
        // Take the person to the first field that needs fixing (its error is its description).
        const first = result && !result.ok && Object.keys(result.fieldErrors ?? {})[0];
        if (first) element.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus();
      } catch (error) {
        // A redirect (after creating a task) is how Next navigates: let it through.
        if (error instanceof Error && "digest" in error && String((error as { digest?: string }).digest).startsWith("NEXT_REDIRECT")) throw error;
        setState({ ok: false, message: "Couldn't save that. Check your connection and try again." });
      }
    });
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
  const formError = state && !state.ok ? state.message : undefined;
  return { state, pending, onSubmit, fieldError, formError };
}
