// How a grouped item names who caused it; shared by the server (the item's body, push and
// email) and the browser (components/inbox/group-summary.tsx).

/** "Alice", "Alice and Bob", "Alice, Bob and 13 others" (actors newest first, actorCount distinct in all). */
export function actorsLine(actors: string[], actorCount: number): string | undefined {
  if (actors.length === 0) return undefined;
  if (actorCount <= 1 || actors.length === 1) return actorCount <= 1 ? actors[0] : `${actors[0]} and ${actorCount - 1} other${actorCount === 2 ? "" : "s"}`;
  if (actorCount === 2) return `${actors[0]} and ${actors[1]}`;
  const others = actorCount - 2;
  return `${actors[0]}, ${actors[1]} and ${others} other${others === 1 ? "" : "s"}`;
}
