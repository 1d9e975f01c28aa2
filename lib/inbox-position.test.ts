import { describe, expect, it } from "vitest";
import { InboxPosition } from "./inbox-position.ts";

describe("InboxPosition", () => {
  it("stops at a hole: 1, 2, 4 stands at 2 with a gap; 3 fills it and moves to 4", () => {
    const p = new InboxPosition(0);
    for (const seq of [1, 2, 4]) p.see(seq);
    expect(p.value).toBe(2);
    expect(p.hasGap).toBe(true);
    p.see(3);
    expect(p.value).toBe(4);
    expect(p.hasGap).toBe(false);
  });

  it("ignores positions it already has", () => {
    const p = new InboxPosition(5);
    p.see(3);
    p.see(5);
    expect(p.value).toBe(5);
    expect(p.hasGap).toBe(false);
  });

  it("takes the first position as its start when it had none", () => {
    const p = new InboxPosition();
    p.see(7);
    p.see(8);
    expect(p.value).toBe(8);
  });

  it("closes holes the server has accounted for (cleared notifications never come)", () => {
    const p = new InboxPosition(2);
    p.see(5);
    p.see(7);
    expect(p.value).toBe(2);
    p.settle(5);
    expect(p.value).toBe(5);
    expect(p.hasGap).toBe(true); // 6 is still missing below 7
    p.settle(7);
    expect(p.value).toBe(7);
    expect(p.hasGap).toBe(false);
  });

  it("never moves back", () => {
    const p = new InboxPosition(10);
    p.settle(4);
    expect(p.value).toBe(10);
  });
});
