// The settings screen groups types by what they are about: the part of the key before
// the first dot ("comment.mention" → "Comment"). Services name their events that way, so
// the first segment is the product area a person recognizes; grouping by priority instead
// would put a mention next to an outage. Keys without a dot go under "Other", last.
export type TypeGroup<T> = { id: string; label: string; types: T[] };

const OTHER = "other";

export function groupLabel(prefix: string): string {
  const words = prefix.split(/[_:-]+/).filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function groupTypes<T extends { type: string; displayName: string }>(types: T[]): TypeGroup<T>[] {
  const byPrefix = new Map<string, T[]>();
  for (const t of types) {
    const dot = t.type.indexOf(".");
    const prefix = dot > 0 ? t.type.slice(0, dot).toLowerCase() : OTHER;
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), t]);
  }
  const byName = (a: T, b: T) => a.displayName.localeCompare(b.displayName) || a.type.localeCompare(b.type);
  return [...byPrefix.entries()]
    .map(([prefix, members]) => ({ id: prefix, label: groupLabel(prefix), types: members.sort(byName) }))
    .sort((a, b) => Number(a.id === OTHER) - Number(b.id === OTHER) || a.label.localeCompare(b.label));
}
