import { describe, expect, it } from "vitest";
import { actorOf, actorsLine, digestTitle, entityOf, groupKeyOf, groupKeySchema, groupTitle, nounOf } from "./group-key.ts";

describe("group keys", () => {
  it("takes the publisher's key, else the type and the entity in data, else none", () => {
    expect(groupKeyOf("comment.created", "pipeline-7", { taskId: 1 })).toBe("key:pipeline-7");
    expect(groupKeyOf("comment.created", undefined, { task: { id: "t-234", number: 234 } })).toBe("entity:comment.created:t-234");
    expect(groupKeyOf("comment.created", undefined, { taskId: 234 })).toBe("entity:comment.created:234");
    expect(groupKeyOf("doc.edited", undefined, { entity: { id: "d1" } })).toBe("entity:doc.edited:d1");
    expect(groupKeyOf("comment.created", undefined, { note: "x" })).toBeUndefined();
    expect(groupKeyOf("comment.created", undefined, undefined)).toBeUndefined();
    // Objects, arrays and empty strings are not entity ids.
    expect(entityOf({ taskId: { a: 1 } })).toBeUndefined();
    expect(entityOf({ taskId: "" })).toBeUndefined();
  });

  it("refuses long keys, control characters and the reserved prefix", () => {
    expect(groupKeySchema.safeParse("k".repeat(255)).success).toBe(true);
    for (const bad of ["k".repeat(256), "a\nb", "a\u0000b", "a\u007fb", "", "herald:digest"]) expect(groupKeySchema.safeParse(bad).success).toBe(false);
  });
});

describe("summaries", () => {
  it("names the noun from the type and the entity from data", () => {
    expect(nounOf("comment.created")).toBe("comment");
    expect(nounOf("task.commented")).toBe("comment");
    expect(nounOf("task.comment")).toBe("comment");
    expect(nounOf("mention")).toBe("mention");
    expect(nounOf("comment.replied")).toBe("reply");
    expect(nounOf("task.assigned")).toBe("assignment");
    expect(nounOf("ci.build.failed")).toBe("build");
    expect(nounOf("job.failed")).toBe("failure");
    expect(nounOf("Issue.Comments")).toBe("comment");
    expect(nounOf("misc")).toBeUndefined();
    expect(nounOf("constructor")).toBeUndefined();
    expect(groupTitle("comment.replied", 3, {})).toBe("3 new replies");
    expect(groupTitle("misc", 2, {})).toBe("2 new notifications");
    expect(groupTitle("system.ping", 1, { taskId: 1, task: { number: 7 } })).toBe("1 new notification on Task #7");
    expect(groupTitle("comment.created", 15, { task: { id: "t", number: 234 } })).toBe("15 new comments on Task #234");
    expect(groupTitle("doc.edited", 2, { entity: { id: "d", title: "Roadmap" } })).toBe('2 new edits on "Roadmap"');
    expect(groupTitle("ci.build", 1, {})).toBe("1 new build");
    expect(digestTitle(1)).toBe("1 more notification");
    expect(digestTitle(42)).toBe("42 more notifications");
  });

  it("says who: the latest actors and how many others", () => {
    expect(actorOf({ actor: { id: "a", name: "Alice" } })).toBe("Alice");
    expect(actorOf({ actor: "Bob" })).toBe("Bob");
    expect(actorsLine([], 0)).toBeUndefined();
    expect(actorsLine(["Alice"], 1)).toBe("Alice");
    expect(actorsLine(["Alice"], 3)).toBe("Alice and 2 others");
    expect(actorsLine(["Alice", "Bob"], 2)).toBe("Alice and Bob");
    expect(actorsLine(["Alice", "Bob", "Chen"], 3)).toBe("Alice, Bob and 1 other");
    expect(actorsLine(["Alice", "Bob", "Chen"], 15)).toBe("Alice, Bob and 13 others");
  });
});
