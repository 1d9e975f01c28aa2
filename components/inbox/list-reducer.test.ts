import { describe, expect, it } from "vitest";
import { applyChange } from "./list-reducer.ts";
import type { NotificationDto } from "@/lib/events.ts";

const n = (seq: number, readAt: string | null = null): NotificationDto => ({
  id: `id-${seq}`, userId: "u", seq, type: "t", title: `n${seq}`, body: null, data: {}, actionUrl: null, readAt,
  createdAt: new Date(seq * 1000).toISOString(),
});

describe("applyChange", () => {
  it("puts a new notification in position order and ignores a repeat", () => {
    const list = [n(5), n(3)];
    expect(applyChange(list, { kind: "new", notification: n(4) }, "all")).toEqual([n(5), n(4), n(3)]);
    expect(applyChange(list, { kind: "new", notification: n(5) }, "all")).toBe(list);
  });

  it("marks read in the all list and drops from the unread list", () => {
    const list = [n(2), n(1)];
    expect(applyChange(list, { kind: "read", ids: ["id-1"], readAt: "R" }, "all")).toEqual([n(2), n(1, "R")]);
    expect(applyChange(list, { kind: "read", ids: ["id-1"], readAt: "R" }, "unread")).toEqual([n(2)]);
  });

  it("asks for a reload when an item not shown becomes unread in the unread list", () => {
    expect(applyChange([n(2)], { kind: "unread", ids: ["id-1"] }, "unread")).toBe("reload");
    expect(applyChange([n(2, "R"), n(1, "R")], { kind: "unread", ids: ["id-1"] }, "all")).toEqual([n(2, "R"), n(1)]);
  });

  it("removes cleared items", () => {
    expect(applyChange([n(3), n(2), n(1)], { kind: "cleared", ids: ["id-2", "id-9"] }, "all")).toEqual([n(3), n(1)]);
  });
});

describe("applyChange with grouped items", () => {
  const group = (seq: number, version: number, count: number): NotificationDto => ({
    ...n(seq), id: "g", version, title: `${count} new comments on Task #234`,
    group: { key: "entity:comment:234", count, actors: ["Alice"], actorCount: count, digest: false },
  });

  it("replaces an item by id when its version is higher and moves it to its new position", () => {
    const list = [n(5), group(4, 3, 3), n(3)];
    expect(applyChange(list, { kind: "updated", notification: group(6, 4, 4) }, "all")).toEqual([group(6, 4, 4), n(5), n(3)]);
  });

  it("keeps the shown copy when the update is older or a repeat", () => {
    const list = [group(6, 4, 4), n(5)];
    expect(applyChange(list, { kind: "updated", notification: group(4, 3, 3) }, "all")).toBe(list);
    expect(applyChange(list, { kind: "new", notification: group(6, 4, 4) }, "all")).toBe(list);
  });

  it("adds an updated item the list did not show (it became unread again)", () => {
    expect(applyChange([n(5)], { kind: "updated", notification: group(6, 2, 2) }, "unread")).toEqual([group(6, 2, 2), n(5)]);
  });
});
