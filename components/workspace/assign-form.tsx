"use client";
// Assign the task to someone (they are told, and watch it from then on) or to nobody.
import { useId } from "react";
import { assignTaskAction } from "@/app/(app)/tasks/actions.ts";
import type { PersonRef } from "@/server/workspace/people.ts";
import { FieldError } from "./field-error.tsx";
import { Button } from "@/components/ui/button.tsx";
import { field, label } from "./styles.ts";
import { useFormAction } from "./use-form-action.ts";

export function AssignForm({ number, assignee, people, meId }: { number: number; assignee: PersonRef | null; people: PersonRef[]; meId: string }) {
  const id = useId();
  const { pending, onSubmit, fieldError, formError } = useFormAction(assignTaskAction);
  const error = fieldError("assigneeId") ?? formError;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <input type="hidden" name="number" value={number} />
      <div className="flex-1">
        <label htmlFor={`${id}-assignee`} className={label}>
          Assignee
        </label>
        {/* Keyed by the assignee so the choice follows the saved state after each change. */}
        <select
          key={assignee?.id ?? ""}
          id={`${id}-assignee`}
          name="assigneeId"
          defaultValue={assignee?.id ?? ""}
          className={field}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          <option value="">Nobody</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id === meId ? `${p.name} (you)` : p.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-error`} message={error} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Assign"}
      </Button>
    </form>
  );
}
