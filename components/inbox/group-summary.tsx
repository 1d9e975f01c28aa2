// How many notifications a grouped item holds: a small count beside its title, read out as
// words by screen readers. The item's body already names the latest actors
// ("Alice, Bob and 13 others"); a digest says how many the rate limit held back.
import { Badge } from "../ui/badge.tsx";
import type { GroupSummary as Group } from "@/lib/events.ts";

export function GroupSummary({ group }: { group: Group }) {
  if (group.count < 2) return null;
  const label = group.digest ? `${group.count} notifications held back this minute` : `${group.count} notifications in this group`;
  return (
    <Badge tone="accent" data-testid="group-count" title={label} className="shrink-0 tabular-nums">
      <span aria-hidden="true">{group.count}</span>
      <span className="sr-only">{label}</span>
    </Badge>
  );
}
