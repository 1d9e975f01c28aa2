// The notifications the workspace publishes: titles people read in their bell, a link
// back to the task, and `data` that says who did it and to which task, so grouping (storm
// control: "15 new comments on Task #234") keys on data.taskId and the bell can show the
// actor. The shape is documented in docs/api.md ("Notifications from the demo workspace").
import type { PublishNotificationInput } from "../notifications/publish-notification.ts";
import type { UserId } from "../../lib/events.ts";
import type { PersonRef } from "./people.ts";

export type TaskRef = { id: string; number: number; title: string };

export const taskPath = (number: number) => `/tasks/${number}`;
export const taskLabel = (task: TaskRef) => `Task #${task.number}`;

const TITLE_MAX = 200;
const EXCERPT_MAX = 280;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

function notification(type: string, recipients: UserId[], title: string, actor: PersonRef, task: TaskRef, extra: { body?: string; commentId?: string }): PublishNotificationInput {
  return {
    recipients,
    type,
    title: clip(title, TITLE_MAX),
    ...(extra.body ? { body: clip(extra.body, EXCERPT_MAX) } : {}),
    actionUrl: taskPath(task.number),
    data: {
      actor: { id: actor.id, name: actor.name },
      task: { id: task.id, number: task.number, title: clip(task.title, TITLE_MAX) },
      taskId: task.id,
      ...(extra.commentId ? { commentId: extra.commentId } : {}),
    },
  };
}

export function commentCreated(recipients: UserId[], actor: PersonRef, task: TaskRef, comment: { id: string; body: string }) {
  return notification("comment.created", recipients, `${actor.name} commented on ${taskLabel(task)}: ${task.title}`, actor, task, { body: comment.body, commentId: comment.id });
}

export function commentMention(recipients: UserId[], actor: PersonRef, task: TaskRef, comment: { id: string; body: string }) {
  return notification("comment.mention", recipients, `${actor.name} mentioned you on ${taskLabel(task)}: ${task.title}`, actor, task, { body: comment.body, commentId: comment.id });
}

export function taskAssigned(assigneeId: UserId, actor: PersonRef, task: TaskRef & { description: string }) {
  return notification("task.assigned", [assigneeId], `${actor.name} assigned you ${taskLabel(task)}: ${task.title}`, actor, task, { body: task.description || undefined });
}
