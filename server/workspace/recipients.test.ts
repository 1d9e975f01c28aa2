import { describe, expect, it } from "vitest";
import { assignmentAudience, commentAudience } from "./recipients.ts";

describe("commentAudience", () => {
  it.each([
    // author, owner, watchers, mentioned -> mentioned, followers
    ["alice comments on bob's task", "alice", "bob", ["bob", "alice"], [], [], ["bob"]],
    ["watchers hear too, the author never", "alice", "bob", ["bob", "alice", "dave"], [], [], ["bob", "dave"]],
    ["a mention reaches someone who does not watch", "alice", "bob", ["bob"], ["carol"], ["carol"], ["bob"]],
    ["a mentioned watcher gets the mention only", "alice", "bob", ["bob", "carol"], ["carol"], ["carol"], ["bob"]],
    ["a mentioned owner gets the mention only", "alice", "bob", ["bob"], ["bob"], ["bob"], []],
    ["mentioning yourself notifies nobody for it", "alice", "bob", ["bob"], ["alice"], [], ["bob"]],
    ["the owner commenting on their own task", "bob", "bob", ["bob", "carol"], [], [], ["carol"]],
    ["an owner who stopped watching still hears", "alice", "bob", [], [], [], ["bob"]],
    ["repeats count once", "alice", "bob", ["carol", "carol"], ["dave", "dave"], ["dave"], ["bob", "carol"]],
  ])("%s", (_, authorId, ownerId, watcherIds, mentionedIds, mentioned, followers) => {
    expect(commentAudience({ authorId, ownerId, watcherIds, mentionedIds })).toEqual({ mentioned, followers });
  });
});

describe("assignmentAudience", () => {
  it("tells the new assignee", () => expect(assignmentAudience({ actorId: "alice", assigneeId: "bob", previousAssigneeId: null })).toEqual(["bob"]));
  it("tells a new assignee who replaces another", () => expect(assignmentAudience({ actorId: "alice", assigneeId: "bob", previousAssigneeId: "carol" })).toEqual(["bob"]));
  it("not someone who assigned themselves", () => expect(assignmentAudience({ actorId: "bob", assigneeId: "bob", previousAssigneeId: null })).toEqual([]));
  it("not again when the assignee did not change", () => expect(assignmentAudience({ actorId: "alice", assigneeId: "bob", previousAssigneeId: "bob" })).toEqual([]));
  it("nobody on unassign", () => expect(assignmentAudience({ actorId: "alice", assigneeId: null, previousAssigneeId: "bob" })).toEqual([]));
});
