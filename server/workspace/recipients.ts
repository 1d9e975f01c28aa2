// Who hears about a comment, and how. Pure, so the rules sit in one table of tests.
//
// Precedence: a mention beats a plain comment. A watcher or owner who is also mentioned
// gets one notification, `comment.mention` (the more specific, higher-priority type),
// never both. The author never hears about their own comment.
import type { UserId } from "../../lib/events.ts";

export type CommentAudience = {
  /** Notified with comment.mention. */
  mentioned: UserId[];
  /** Notified with comment.created: the owner and watchers not mentioned. */
  followers: UserId[];
};

export function commentAudience(input: { authorId: UserId; ownerId: UserId; watcherIds: UserId[]; mentionedIds: UserId[] }): CommentAudience {
  const mentioned = [...new Set(input.mentionedIds)].filter((id) => id !== input.authorId);
  const taken = new Set([input.authorId, ...mentioned]);
  const followers = [...new Set([input.ownerId, ...input.watcherIds])].filter((id) => !taken.has(id));
  return { mentioned, followers };
}

/** The assignee hears of an assignment, unless they assigned the task to themselves. */
export function assignmentAudience(input: { actorId: UserId; assigneeId: UserId | null; previousAssigneeId: UserId | null }): UserId[] {
  const { actorId, assigneeId, previousAssigneeId } = input;
  if (!assigneeId || assigneeId === actorId || assigneeId === previousAssigneeId) return [];
  return [assigneeId];
}
