// Comments: saved with their author as a watcher, then the news goes out: a mention to
// each person mentioned (comment.mention), a plain comment.created to the owner and the
// other watchers. Never to the author, never twice to one person (recipients.ts).
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";
import { commentCreated, commentMention } from "./messages.ts";
import { parseMentions } from "./mentions.ts";
import { loadActor, resolveHandles } from "./people.ts";
import { publishActivity } from "./publish-activity.ts";
import { commentAudience } from "./recipients.ts";
import type { AddCommentInput } from "./schemas.ts";
import type { CommentDto } from "./tasks.ts";

export type AddedComment = CommentDto & { notified: { mentioned: UserId[]; followers: UserId[] } };

export async function addComment(actorId: UserId, number: number, input: AddCommentInput): Promise<AddedComment> {
  const actor = await loadActor(actorId);
  const mentioned = await resolveHandles(parseMentions(input.body));
  const { task, comment, watcherIds } = await db().$transaction(async (tx) => {
    const found = await tx.task.findUnique({ where: { number }, select: { id: true, number: true, title: true, ownerId: true } });
    if (!found) throw new AppError("not_found", `Task #${number} not found`);
    const created = await tx.taskComment.create({ data: { taskId: found.id, authorId: actor.id, body: input.body } });
    await tx.taskWatcher.upsert({ where: { taskId_userId: { taskId: found.id, userId: actor.id } }, create: { taskId: found.id, userId: actor.id }, update: {} });
    await tx.task.update({ where: { id: found.id }, data: { updatedAt: created.createdAt } });
    const watchers = await tx.taskWatcher.findMany({ where: { taskId: found.id }, select: { userId: true } });
    return { task: found, comment: created, watcherIds: watchers.map((w) => w.userId) };
  });
  const audience = commentAudience({ authorId: actor.id, ownerId: task.ownerId, watcherIds, mentionedIds: mentioned.map((p) => p.id) });
  await publishActivity([
    commentMention(audience.mentioned, actor, task, comment),
    commentCreated(audience.followers, actor, task, comment),
  ]);
  return { id: comment.id, author: actor, body: comment.body, createdAt: comment.createdAt.toISOString(), notified: audience };
}
