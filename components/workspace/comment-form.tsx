"use client";
// Write a comment. Typing "@" offers the workspace's people (their handle is their id);
// choosing one completes the mention. The server finds mentions in the saved text, so a
// handle typed in full works just as well.
import { useId, useRef, useState } from "react";
import { addCommentAction } from "@/app/(app)/tasks/actions.ts";
import { COMMENT_MAX } from "@/lib/workspace-limits.ts";
import type { PersonRef } from "@/server/workspace/people.ts";
import { FieldError } from "./field-error.tsx";
import { PersonAvatar } from "./person-avatar.tsx";
import { Button } from "@/components/ui/button.tsx";
import { InlineAlert } from "@/components/ui/states.tsx";
import { field, label, muted } from "./styles.ts";
import { useFormAction } from "./use-form-action.ts";

const SUGGESTIONS = 6;

/** The "@partial" being typed just before the caret, if any. */
function partialMention(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|[^\w@.])@([a-zA-Z0-9._-]{0,63})$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1].length - 1, query: match[1].toLowerCase() } : null;
}

export function CommentForm({ number, people, meId }: { number: number; people: PersonRef[]; meId: string }) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const { pending, onSubmit, fieldError, formError } = useFormAction(addCommentAction, () => setText(""));
  const partial = partialMention(text, caret);
  const suggestions = partial
    ? people.filter((p) => p.id !== meId && (p.id.toLowerCase().startsWith(partial.query) || p.name.toLowerCase().includes(partial.query))).slice(0, SUGGESTIONS)
    : [];
  const error = fieldError("body");
  const over = text.length > COMMENT_MAX;

  const mention = (person: PersonRef) => {
    if (!partial) return;
    const next = `${text.slice(0, partial.start)}@${person.id} ${text.slice(caret)}`;
    const at = partial.start + person.id.length + 2;
    setText(next);
    setCaret(at);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  };
  const track = (el: HTMLTextAreaElement) => {
    setText(el.value);
    setCaret(el.selectionStart ?? el.value.length);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4">
      <input type="hidden" name="number" value={number} />
      <label htmlFor={`${id}-body`} className={label}>
        Add a comment
      </label>
      <textarea
        ref={box}
        id={`${id}-body`}
        name="body"
        rows={4}
        value={text}
        onChange={(e) => track(e.currentTarget)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        placeholder="Write a comment. Type @ to mention someone."
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-body-error` : ""].filter(Boolean).join(" ")}
        className={field}
      />
      <FieldError id={`${id}-body-error`} message={error} />
      {suggestions.length > 0 && (
        <div className="mt-2" role="group" aria-label="Mention someone">
          <ul className="flex flex-wrap gap-2">
            {suggestions.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  onClick={() => mention(p)}
                  className="focus-ring inline-flex min-h-touch items-center gap-2 rounded-full border border-line bg-surface py-1 pl-1 pr-3 text-sm text-fg hover:bg-surface-muted sm:min-h-9"
                >
                  <PersonAvatar person={p} size="sm" />
                  <span>{p.name}</span>
                  <span className={muted}>@{p.id}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
        <p id={`${id}-hint`} className={`text-xs ${over ? "font-medium text-danger" : "text-fg-subtle"}`}>
          {text.length.toLocaleString("en")} / {COMMENT_MAX.toLocaleString("en")} characters · mention with @handle
        </p>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Posting…" : "Comment"}
        </Button>
      </div>
      {formError && <InlineAlert className="mt-2">{formError}</InlineAlert>}
    </form>
  );
}
