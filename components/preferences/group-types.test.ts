import { describe, expect, it } from "vitest";
import { groupLabel, groupTypes } from "./group-types.ts";

const t = (type: string, displayName = type) => ({ type, displayName });

describe("groupTypes", () => {
  it("groups by the key's first segment, groups by name with Other last, types by display name", () => {
    const groups = groupTypes([
      t("task.assigned", "Task assignments"),
      t("digest"),
      t("comment.mention", "Mentions"),
      t("system.announcement", "Announcements"),
      t("comment.created", "New comments"),
      t("Comment.edited", "Edited comments"),
      t("other.thing", "A thing"),
    ]);
    expect(groups.map((g) => [g.label, g.types.map((x) => x.type)])).toEqual([
      ["Comment", ["Comment.edited", "comment.mention", "comment.created"]],
      ["System", ["system.announcement"]],
      ["Task", ["task.assigned"]],
      ["Other", ["other.thing", "digest"]],
    ]);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
  });

  it("has no groups without types", () => {
    expect(groupTypes([])).toEqual([]);
  });

  it("makes readable labels from key segments", () => {
    expect(groupLabel("billing_runs")).toBe("Billing runs");
    expect(groupLabel("on-call")).toBe("On call");
  });
});
