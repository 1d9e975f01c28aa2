"use client";
// Choose one person by typing: searches the admin people API (id, email or name) as you
// type, so anyone can be chosen however many people there are. A WAI-ARIA combobox: arrow
// keys move through the suggestions, Enter picks one, Escape closes the list; the chosen
// person's id goes into a hidden field named `name`.
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import type { PersonSummary } from "@/server/admin/people.ts";
import { cn } from "@/components/ui/cn.ts";
import { useAdminResource } from "./admin-api.ts";
import { inputClass } from "./parts.tsx";

const SEARCH_DELAY_MS = 150;

const describe = (p: PersonSummary) => (p.name && p.email ? `${p.name} (${p.email})` : (p.name ?? p.email ?? p.id));

export function PersonPicker({ id, name, invalid, describedBy }: { id: string; name: string; invalid?: boolean; describedBy?: string }) {
  const listId = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<PersonSummary | null>(null);

  // Search once typing pauses, not on every key; with someone chosen, the list offers everyone.
  const wanted = chosen ? "" : text.trim();
  useEffect(() => {
    const timer = setTimeout(() => setQuery(wanted), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  const results = useAdminResource<{ people: PersonSummary[] }>(open ? `people?q=${encodeURIComponent(query)}` : null);
  const failed = open && !results.loading && query === wanted ? results.error : undefined;
  const people = failed || results.loading || query !== wanted ? undefined : results.data?.people;

  const choose = (person: PersonSummary) => {
    setChosen(person);
    setText(describe(person));
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return setOpen(true);
      const count = people?.length ?? 0;
      if (count > 0) setActive((i) => (event.key === "ArrowDown" ? (i + 1) % count : (i - 1 + count) % count));
    } else if (event.key === "Enter" && open) {
      event.preventDefault(); // picks a person; does not submit the form
      if (people?.[active]) choose(people[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const activeId = open && people?.[active] ? `${listId}-${active}` : undefined;
  const status = !open ? "" : failed ? `Could not search: ${failed.message}` : people === undefined ? "Searching…" : people.length === 0 ? "No one matches" : `${people.length} ${people.length === 1 ? "person" : "people"}${people.length === 50 ? " (the first 50: type more to narrow)" : ""}`;

  return (
    <div className="relative">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && Boolean(people?.length)}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        placeholder="Type a name, email or id"
        className={inputClass}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setChosen(null);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => {
          e.target.select(); // typing replaces the chosen person
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <input type="hidden" name={name} value={chosen?.id ?? ""} />
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {open && (failed || !people?.length) && (
        <p aria-hidden="true" className={cn("absolute z-20 mt-1 w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-overlay", failed ? "text-danger" : "text-fg-muted")}>
          {failed ? `Could not search: ${failed.message}` : people === undefined ? "Searching…" : `No one matches “${text.trim()}”`}
        </p>
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label="People"
        hidden={!open || !people?.length}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-line-strong bg-surface py-1 text-sm shadow-overlay"
      >
        {people?.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={cn("cursor-pointer px-3 py-2", i === active && "bg-surface-muted")}
            // mousedown, not click: the input keeps focus (its blur would close the list first).
            onMouseDown={(e) => {
              e.preventDefault();
              choose(p);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="font-medium">{p.name ?? p.email ?? p.id}</span>
            <span className="ml-2 text-fg-muted">{p.email && p.name ? p.email : p.id}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
