"use client";
// Create a task: a title, an optional description and assignee. Errors show under their
// fields, from the same schema the API uses; on success the new task opens.
import { useId } from "react";
import { createTaskAction } from "@/app/(app)/tasks/actions.ts";
import type { PersonRef } from "@/server/workspace/people.ts";
import { FieldError } from "./field-error.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/layout.tsx";
import { InlineAlert } from "@/components/ui/states.tsx";
import { useFormAction } from "./use-form-action.ts";
import { field, label, muted } from "./styles.ts";

export function NewTaskForm({ people, meId }: { people: PersonRef[]; meId: string }) {
  const id = useId();
  const { pending, onSubmit, fieldError, formError } = useFormAction(createTaskAction);
  const invalid = (name: string) => (fieldError(name) ? { "aria-invalid": true as const, "aria-describedby": `${id}-${name}-error` } : {});
  return (
    <Card>
      <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`} className="p-4 sm:p-5">
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          New task
        </h2>
        <div className="mt-3">
          <label htmlFor={`${id}-title`} className={label}>
            Title
          </label>
          <input id={`${id}-title`} name="title" autoComplete="off" placeholder="What needs doing?" className={field} {...invalid("title")} />
          <FieldError id={`${id}-title-error`} message={fieldError("title")} />
        </div>
        <div className="mt-3">
          <label htmlFor={`${id}-description`} className={label}>
            Description <span className={`font-normal ${muted}`}>(optional)</span>
          </label>
          <textarea id={`${id}-description`} name="description" rows={3} className={field} {...invalid("description")} />
          <FieldError id={`${id}-description-error`} message={fieldError("description")} />
        </div>
        <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <label htmlFor={`${id}-assignee`} className={label}>
              Assignee
            </label>
            <select id={`${id}-assignee`} name="assigneeId" defaultValue="" className={field} {...invalid("assigneeId")}>
              <option value="">Nobody yet</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === meId ? `${p.name} (you)` : p.name}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-assigneeId-error`} message={fieldError("assigneeId")} />
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Creating…" : "Create task"}
          </Button>
        </div>
        {formError && <InlineAlert className="mt-3">{formError}</InlineAlert>}
      </form>
    </Card>
  );
}
