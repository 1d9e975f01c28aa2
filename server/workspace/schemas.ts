// What the workspace accepts, shared by the /api/v1/workspace routes and the pages' server
// actions, so a form shows the same field errors the API answers with.
import { z } from "zod";
import { COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX } from "../../lib/workspace-limits.ts";

/** Control characters (other than newlines and tabs) have no place in what people type. */
const printable = (s: string) => ![...s].some((c) => {
  const code = c.charCodeAt(0);
  return (code < 0x20 && c !== "\n" && c !== "\r" && c !== "\t") || code === 0x7f;
});

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} must be at most ${max.toLocaleString("en")} characters`)
    .refine(printable, `${what} contains characters that cannot be shown`);

export const createTaskBody = z.strictObject({
  title: text(TITLE_MAX, "Title").pipe(z.string().min(1, "Give the task a title")),
  description: text(DESCRIPTION_MAX, "Description").default(""),
  assigneeId: z.string().min(1).max(200).nullish(),
});

export const addCommentBody = z.strictObject({
  body: text(COMMENT_MAX, "Comment").pipe(z.string().min(1, "Write a comment first")),
});

export const assignTaskBody = z.strictObject({
  /** null leaves the task unassigned. */
  assigneeId: z.string().min(1, "Choose a person").max(200).nullable(),
});

/** "234" in /tasks/234: a positive integer that fits PostgreSQL's integer. */
export const taskNumber = z.coerce
  .number({ error: "Not a task number" })
  .int("Not a task number")
  .min(1, "Not a task number")
  .max(2_147_483_647, "Not a task number");

export type CreateTaskInput = z.infer<typeof createTaskBody>;
export type AddCommentInput = z.infer<typeof addCommentBody>;
export type AssignTaskInput = z.infer<typeof assignTaskBody>;
