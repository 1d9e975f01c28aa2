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

const VERBS = new Set(["created", "added", "posted", "new", "updated", "received", "sent"]);

/** "comment" from comment.created, task.commented or task.comment. */
export function nounOf(type: string): string {
  const parts = type.split(/[._:/-]/).filter(Boolean);
  let last = parts.pop() ?? "notification";
  if (VERBS.has(last) && parts.length > 0) last = parts.pop()!;
  else if (last.endsWith("ed") && last.length > 4) last = last.slice(0, -2);
  return last;
}

/** What the group is about: "Task #234", else the task's or entity's title in quotes. */
export function entityLabel(data: Data): string | undefined {
  const task = record(data?.task);
  if (task && scalar(task.number)) return `Task #${scalar(task.number)}`;
  const title = scalar(task?.title) ?? scalar(record(data?.entity)?.title) ?? scalar(data?.entityTitle);
  return title ? `"${title}"` : undefined;
}

/** "15 new comments on Task #234". */
export function groupTitle(type: string, count: number, data: Data): string {
  const noun = nounOf(type);
  const label = entityLabel(data);
  return `${count} new ${count === 1 ? noun : `${noun}s`}${label ? ` on ${label}` : ""}`;
}

/** "42 more notifications". */
export const digestTitle = (count: number) => `${count} more notification${count === 1 ? "" : "s"}`;

export const isDigestKey = (key: string) => key === DIGEST_GROUP_KEY;
