// Tasks: create, list, read, assign, watch. One shared workspace: every signed-in person
// sees every task; what they do is done as themselves (the actor is always the caller).
// Notifications go out after the change commits and never decide whether it succeeds.
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";
import { taskAssigned } from "./messages.ts";
import { loadActor, requirePerson, toPersonRef, type PersonRef } from "./people.ts";
import { publishActivity } from "./publish-activity.ts";
import { assignmentAudience } from "./recipients.ts";
import type { AssignTaskInput, CreateTaskInput } from "./schemas.ts";

export type TaskSummary = {
  id: string;
  number: number;
  title: string;
  owner: PersonRef;
  assignee: PersonRef | null;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
};

export type CommentDto = { id: string; author: PersonRef; body: string; createdAt: string };

export type TaskDetail = TaskSummary & { description: string; comments: CommentDto[]; watchers: PersonRef[]; watching: boolean };

export const TASK_LIST_LIMIT = 100;

const person = { select: { id: true, name: true, email: true } } as const;
const summaryInclude = { owner: person, assignee: person, _count: { select: { comments: true } } } as const;

type SummaryRow = {
  id: string;
  number: number;
  title: string;
  owner: { id: string; name: string | null; email: string | null };
  assignee: { id: string; name: string | null; email: string | null } | null;
  _count: { comments: number };
  createdAt: Date;
  updatedAt: Date;
};

const toSummary = (row: SummaryRow): TaskSummary => ({
  id: row.id,
  number: row.number,
  title: row.title,
  owner: toPersonRef(row.owner),
  assignee: row.assignee ? toPersonRef(row.assignee) : null,
  commentCount: row._count.comments,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The most recently active tasks first. */
export async function listTasks(): Promise<TaskSummary[]> {
  const rows = await db().task.findMany({ include: summaryInclude, orderBy: [{ updatedAt: "desc" }, { number: "desc" }], take: TASK_LIST_LIMIT });
  return rows.map(toSummary);
}

export async function getTask(number: number, viewerId: UserId): Promise<TaskDetail> {
  const row = await db().task.findUnique({
    where: { number },
    include: {
      ...summaryInclude,
      comments: { include: { author: person }, orderBy: { createdAt: "asc" } },
      watchers: { include: { user: person }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw new AppError("not_found", `Task #${number} not found`);
  return {
    ...toSummary(row),
    description: row.description,
    comments: row.comments.map((c) => ({ id: c.id, author: toPersonRef(c.author), body: c.body, createdAt: c.createdAt.toISOString() })),
    watchers: row.watchers.map((w) => toPersonRef(w.user)),
    watching: row.watchers.some((w) => w.userId === viewerId),
  };
}

/** Creates a task owned by the actor, who watches it; an assignee watches it too and is told. */
export async function createTask(actorId: UserId, input: CreateTaskInput): Promise<TaskSummary> {
  const actor = await loadActor(actorId);
  const assignee = input.assigneeId ? await requirePerson(input.assigneeId, "assigneeId") : null;
  const watcherIds = [...new Set([actor.id, ...(assignee ? [assignee.id] : [])])];
  const row = await db().task.create({
    data: {
      title: input.title,
      description: input.description,
      ownerId: actor.id,
      assigneeId: assignee?.id ?? null,
      watchers: { create: watcherIds.map((userId) => ({ userId })) },
    },
    include: summaryInclude,
  });
  const recipients = assignmentAudience({ actorId: actor.id, assigneeId: assignee?.id ?? null, previousAssigneeId: null });
  if (recipients.length > 0) await publishActivity([taskAssigned(recipients[0], actor, row)]);
  return toSummary(row);
}

/** Assigns (or unassigns, with null) a task; the new assignee watches it and is told. */
export async function assignTask(actorId: UserId, number: number, input: AssignTaskInput): Promise<TaskSummary> {
  const actor = await loadActor(actorId);
  const assignee = input.assigneeId ? await requirePerson(input.assigneeId, "assigneeId") : null;
  const { row, previousAssigneeId } = await db().$transaction(async (tx) => {
    // The row lock orders concurrent assignments, so each knows whom it replaced.
    const locked = await tx.$queryRaw<{ id: string; assignee_id: string | null }[]>`SELECT id, assignee_id FROM tasks WHERE number = ${number} FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", `Task #${number} not found`);
    const taskId = locked[0].id;
    if (assignee) {
      await tx.taskWatcher.upsert({ where: { taskId_userId: { taskId, userId: assignee.id } }, create: { taskId, userId: assignee.id }, update: {} });
    }
    const updated = await tx.task.update({ where: { id: taskId }, data: { assigneeId: assignee?.id ?? null, updatedAt: new Date() }, include: summaryInclude });
    return { row: updated, previousAssigneeId: locked[0].assignee_id };
  });
  const recipients = assignmentAudience({ actorId: actor.id, assigneeId: assignee?.id ?? null, previousAssigneeId });
  if (recipients.length > 0) await publishActivity([taskAssigned(recipients[0], actor, row)]);
  return toSummary(row);
}

/** Watches or stops watching; returns the new state. */
export async function setWatching(actorId: UserId, number: number, watching: boolean): Promise<boolean> {
  const task = await db().task.findUnique({ where: { number }, select: { id: true } });
  if (!task) throw new AppError("not_found", `Task #${number} not found`);
  if (watching) {
    await db().taskWatcher.upsert({ where: { taskId_userId: { taskId: task.id, userId: actorId } }, create: { taskId: task.id, userId: actorId }, update: {} });
  } else {
    await db().taskWatcher.deleteMany({ where: { taskId: task.id, userId: actorId } });
  }
  return watching;
}
