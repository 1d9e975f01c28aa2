import { describe, expect, it } from "vitest";
import { createSaveQueue, type Flip } from "./save-queue.ts";
import type { Preference, PreferenceChange } from "./preferences-api.ts";

type Call = { changes: PreferenceChange[]; resolve: (list: Preference[]) => void; reject: (e: Error) => void };

function harness() {
  const calls: Call[] = [];
  const log: string[] = [];
  let unsaved = new Map<string, boolean>();
  let retry: () => void = () => {};
  const queue = createSaveQueue(
    (changes) => new Promise<Preference[]>((resolve, reject) => calls.push({ changes, resolve, reject })),
    {
      unsaved: (m) => (unsaved = m),
      saving: () => log.push("saving"),
      saved: (list, more) => log.push(`saved ${list.length}${more ? " more" : ""}`),
      failed: (flips, error, again) => {
        log.push(`failed ${flips.map((f) => f.label).join(",")}: ${(error as Error).message}`);
        retry = again;
      },
    },
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { calls, log, queue, unsaved: () => unsaved, retry: () => retry(), settle };
}

const flip = (type: string, channel: "in_app" | "push" | "email", enabled: boolean): Flip => ({ type, channel, enabled, label: `${channel} ${type}` });
const list = (n: number) => Array.from({ length: n }, (_, i): Preference => ({ type: `t${i}`, channel: "email", enabled: true, locked: false }));

describe("the preferences save queue", () => {
  it("sends one request at a time; flips made meanwhile go together, the last per switch winning", async () => {
    const h = harness();
    h.queue.add(flip("a", "email", false));
    expect(h.calls).toHaveLength(1);
    h.queue.add(flip("b", "push", false));
    h.queue.add(flip("c", "email", true));
    h.queue.add(flip("b", "push", true));
    expect(h.calls).toHaveLength(1); // still waiting for the first answer
    expect([...h.unsaved()]).toEqual([
      ["a\u0000email", false],
      ["b\u0000push", true],
      ["c\u0000email", true],
    ]);

    h.calls[0].resolve(list(1));
    await h.settle();
    expect(h.log).toEqual(["saving", "saved 1 more", "saving"]);
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].changes).toEqual([
      { type: "b", channel: "push", enabled: true },
      { type: "c", channel: "email", enabled: true },
    ]);
    expect([...h.unsaved().keys()]).toEqual(["b\u0000push", "c\u0000email"]);

    h.calls[1].resolve(list(2));
    await h.settle();
    expect(h.log.at(-1)).toBe("saved 2");
    expect(h.unsaved().size).toBe(0);
  });

  it("drops a failed save's flips and sends them again on retry", async () => {
    const h = harness();
    h.queue.add(flip("a", "email", false));
    h.calls[0].reject(new Error("Herald is briefly unavailable."));
    await h.settle();
    expect(h.log.at(-1)).toBe("failed email a: Herald is briefly unavailable.");
    expect(h.unsaved().size).toBe(0);

    h.retry();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].changes).toEqual([{ type: "a", channel: "email", enabled: false }]);
    expect(h.unsaved().get("a\u0000email")).toBe(false);
  });

  it("does not let a retry undo a newer flip of the same switch", async () => {
    const h = harness();
    h.queue.add(flip("a", "email", false));
    h.queue.add(flip("a", "push", false)); // waits behind the first save
    h.calls[0].reject(new Error("no"));
    await h.settle();
    expect(h.calls[1].changes).toEqual([{ type: "a", channel: "push", enabled: false }]);
    // Flipped back while the push save is in flight, then Retry of the failed email flip.
    h.queue.add(flip("a", "email", true));
    h.retry();
    h.calls[1].resolve(list(1));
    await h.settle();
    expect(h.calls[2].changes).toEqual([{ type: "a", channel: "email", enabled: true }]);
  });
});
