// Which notifications belong together, and how a group reads. A publisher names the group
// (`groupKey`), or Herald derives one from the type and the entity the notification is
// about, so "comments on task 234" group without the publisher doing anything.
import { z } from "zod";
import { DIGEST_GROUP_KEY } from "../inbox/notification-row.ts";
export { actorsLine } from "../../lib/actors-line.ts";

export const MAX_GROUP_KEY_LENGTH = 255;

/** A publisher's group key: 1-255 characters, no control characters, not Herald's own prefix. */
export const groupKeySchema = z
  .string()
  .min(1)
  .max(MAX_GROUP_KEY_LENGTH, `at most ${MAX_GROUP_KEY_LENGTH} characters`)
  // eslint-disable-next-line no-control-regex
  .refine((k) => !/[\u0000-\u001f\u007f-\u009f]/.test(k), "must not contain control characters")
  .refine((k) => !k.startsWith("herald:"), "the herald: prefix is reserved");

type Data = Record<string, unknown> | undefined;

const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const scalar = (v: unknown): string | undefined =>
  typeof v === "string" && v.length > 0 && v.length <= 200 ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;

/**
 * The entity a notification is about, in this order: data.taskId, data.task.id,
 * data.entityId, data.entity.id. Undefined when there is none (the notification stands alone).
 */
export function entityOf(data: Data): string | undefined {
  if (!data) return undefined;
  return scalar(data.taskId) ?? scalar(record(data.task)?.id) ?? scalar(data.entityId) ?? scalar(record(data.entity)?.id);
}

/** The group of a publish: the publisher's key, else `type:entity`, else none. Prefixed so the two never meet. */
export function groupKeyOf(type: string, explicit: string | undefined, data: Data): string | undefined {
  if (explicit !== undefined) return `key:${explicit}`;
  const entity = entityOf(data);
  return entity === undefined ? undefined : `entity:${type}:${entity}`;
}

/** Who caused it: data.actor.{id,name}, or data.actor as a name. */
export function actorOf(data: Data): string | undefined {
  if (!data) return undefined;
  return scalar(record(data.actor)?.name) ?? scalar(data.actor) ?? scalar(data.actorName);
}

// The nouns a group can be counted in, singular to plural, and the verbs that name one
// ("task.commented" counts comments). A type naming none of them counts "notifications":
// a guessed plural reads worse ("2 new miscs") than a plain one.
const NOUNS: Record<string, string> = Object.fromEntries(
  (
    "comment mention reply:replies edit update change build deployment release commit review approval request message post " +
    "reaction like invitation assignment task issue ticket incident alert event file upload document order payment invoice " +
    "follower share report error failure warning reminder signup:sign-ups question answer note vote"
  )
    .split(" ")
    .map((w) => {
      const [one, many] = w.split(":");
      return [one, many ?? `${one}s`];
    }),
);
const VERB_NOUNS: Record<string, string> = {
  commented: "comment", mentioned: "mention", replied: "reply", edited: "edit", updated: "update", changed: "change",
  built: "build", deploy: "deployment", deployed: "deployment", released: "release", committed: "commit", reviewed: "review",
  approved: "approval", requested: "request", messaged: "message", reacted: "reaction", react: "reaction",
  liked: "like", invite: "invitation", invited: "invitation", assign: "assignment", assigned: "assignment", uploaded: "upload",
  shared: "share", reported: "report", followed: "follower", failed: "failure", answered: "answer", voted: "vote", noted: "note",
};
const PLURAL_NOUNS: Record<string, string> = Object.fromEntries(Object.entries(NOUNS).map(([one, many]) => [many, one]));

/**
 * What a group of this type counts, read from the type's parts last to first: "comment" from
 * comment.created, task.commented or task.comments; "build" from ci.build.failed. Undefined
 * when no part is a known noun.
 */
export function nounOf(type: string): string | undefined {
  const parts = type.toLowerCase().split(/[._:/-]/).filter(Boolean);
  let failure: string | undefined;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    const noun = Object.hasOwn(NOUNS, part) ? part : Object.hasOwn(VERB_NOUNS, part) ? VERB_NOUNS[part] : PLURAL_NOUNS[part];
    if (noun === undefined || !Object.hasOwn(NOUNS, noun)) continue;
    // A failure counts only when nothing before it says what failed ("ci.build.failed": builds).
    if (noun === "failure") failure ??= noun;
    else return noun;
  }
  return failure;
}

/** What the group is about: "Task #234", else the task's or entity's title in quotes. */
export function entityLabel(data: Data): string | undefined {
  const task = record(data?.task);
  if (task && scalar(task.number)) return `Task #${scalar(task.number)}`;
  const title = scalar(task?.title) ?? scalar(record(data?.entity)?.title) ?? scalar(data?.entityTitle);
  return title ? `"${title}"` : undefined;
}

/** "15 new comments on Task #234"; "3 new notifications" for a type that names no known noun. */
export function groupTitle(type: string, count: number, data: Data): string {
  const noun = nounOf(type);
  const label = entityLabel(data);
  const counted = noun === undefined ? `notification${count === 1 ? "" : "s"}` : count === 1 ? noun : NOUNS[noun];
  return `${count} new ${counted}${label ? ` on ${label}` : ""}`;
}

/** "42 more notifications". */
export const digestTitle = (count: number) => `${count} more notification${count === 1 ? "" : "s"}`;

export const isDigestKey = (key: string) => key === DIGEST_GROUP_KEY;
