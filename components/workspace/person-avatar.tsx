import type { PersonRef } from "@/server/workspace/people.ts";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]?.toUpperCase() ?? "")
    .join("") || "?";

/** Initials in a circle; decorative, the name is always written beside it. */
export function PersonAvatar({ person, size = "md" }: { person: PersonRef; size?: "sm" | "md" }) {
  const box = size === "sm" ? "h-6 w-6 text-[0.65rem]" : "h-8 w-8 text-xs";
  return (
    <span aria-hidden="true" className={`inline-flex shrink-0 items-center justify-center rounded-full bg-accent-soft font-semibold text-accent ${box}`}>
      {initials(person.name)}
    </span>
  );
}
