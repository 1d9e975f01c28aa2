// A comment as written, with @mentions of known people picked out. React escapes the text:
// nothing a person types becomes markup.
import { Fragment } from "react";
// A server component (rendered by the task page only): it may use server code.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { findMentions } from "@/server/workspace/mentions.ts";
import type { PersonRef } from "@/server/workspace/people.ts";

export function CommentBody({ body, people }: { body: string; people: PersonRef[] }) {
  const byHandle = new Map(people.map((p) => [p.id.toLowerCase(), p]));
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of findMentions(body)) {
    const person = byHandle.get(match.handle.toLowerCase());
    if (!person) continue;
    parts.push(body.slice(last, match.index));
    parts.push(
      <span key={match.index} title={person.name} className="rounded bg-accent-soft px-0.5 font-medium text-accent">
        {match.text}
      </span>,
    );
    last = match.index + match.text.length;
  }
  parts.push(body.slice(last));
  return (
    <p dir="auto" className="user-text">
      {parts.map((part, i) => (
        <Fragment key={i}>{part}</Fragment>
      ))}
    </p>
  );
}
