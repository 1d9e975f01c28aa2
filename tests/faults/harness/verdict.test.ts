// The judge must notice every way a scenario can go wrong, or a green fault suite means
// nothing: a missing delivery, a repeat, a refused publish that was stored, a 500, an
// instance that died on its own, a client left disconnected.
import { describe, expect, it } from "vitest";
import type { ClientRecord, Via } from "./fleet.ts";
import type { PublishRecord } from "./publisher.ts";
import { judge, type ScenarioRecords } from "./verdict.ts";

const T0 = 1_000_000;

function client(userId: string, shown: [string, Via, number][], extra: Partial<ClientRecord> = {}): ClientRecord {
  return {
    name: `c-${userId}`,
    userId,
    instance: "A",
    shown: new Map(shown.map(([id, via, at]) => [id, { via, at }])),
    repeats: [],
    connects: [T0 - 1000],
    disconnects: [],
    connectErrors: [],
    catchUps: 1,
    resyncs: 0,
    reloadFailures: 0,
    pendingReloads: 0,
    connected: () => true,
    ...extra,
  };
}

const accepted = (n: number, userId: string, id: string): PublishRecord => ({
  title: `p${n}`,
  recipients: [userId],
  instance: "A",
  sentAt: T0 + n * 10,
  answeredAt: T0 + n * 10 + 5,
  outcome: "accepted",
  status: 202,
  ids: { [userId]: id },
});

function records(overrides: Partial<ScenarioRecords> = {}): ScenarioRecords {
  return {
    name: "unit",
    publishes: [accepted(0, "u1", "n0"), accepted(1, "u1", "n1"), accepted(2, "u2", "n2")],
    clients: [client("u1", [["n0", "live", T0 + 20], ["n1", "catch-up", T0 + 500]]), client("u2", [["n2", "reload", T0 + 700]])],
    stored: [
      { id: "n0", userId: "u1", title: "p0" },
      { id: "n1", userId: "u1", title: "p1" },
      { id: "n2", userId: "u2", title: "p2" },
    ],
    counterMismatches: [],
    exits: [],
    serverWarnings: [],
    ...overrides,
  };
}

describe("judge", () => {
  it("passes a scenario where every stored notification was shown once, and counts how", () => {
    const v = judge(records({ fault: { start: T0, end: T0 + 100 } }));
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ shown: 3, expectedShows: 3, lost: 0, duplicates: 0, via: { live: 1, "catch-up": 1, reload: 1 } });
    expect(v.latency).toMatchObject({ p50: 20, max: 20 });
    expect(v.recoveredMs).toBe(600); // n2, published before the fault ended, shown 600 ms after
  });

  it("fails on a notification that a client never showed, even if another client of the user did", () => {
    const second = client("u1", [["n0", "live", T0 + 20]], { name: "second" });
    const v = judge(records({ clients: [...records().clients, second], fault: { start: T0, end: T0 + 100 } }));
    expect(v.lost).toBe(1);
    expect(v.lostAccepted).toBe(1);
    expect(v.lostWhen).toEqual({ before: 0, during: 1, after: 0 }); // n1 was published at T0 + 10
    expect(v.lostThrough).toEqual({ "A→A": 1 }); // published through A, lost on a client of A
    expect(v.problems).toEqual([expect.stringMatching(/^1 lost: .*second@A: 1/)]);
    expect(v.recoveredMs).toBe(Infinity);
  });

  it("fails on a notification shown twice", () => {
    const v = judge(records({ clients: [client("u1", [["n0", "live", T0], ["n1", "live", T0]], { repeats: [{ id: "n1", at: T0 + 9 }] }), records().clients[1]] }));
    expect(v.problems).toEqual(["1 shown twice"]);
  });

  it("fails on a refused publish that was stored, and on refusals other than 503 with Retry-After", () => {
    const refused: PublishRecord[] = [
      { title: "p3", recipients: ["u2"], instance: "B", sentAt: T0, outcome: "refused", status: 500 },
      { title: "p4", recipients: ["u2"], instance: "B", sentAt: T0, outcome: "refused", status: 503, retryAfter: "1" },
      { title: "p5", recipients: ["u2"], instance: "B", sentAt: T0, outcome: "refused", status: "ECONNREFUSED" },
    ];
    const v = judge(records({ publishes: [...records().publishes, ...refused], stored: [...records().stored, { id: "n4", userId: "u2", title: "p4" }] }));
    expect(v.problems).toContain("1 refused publishes were stored anyway (503×1)");
    expect(v.problems).toContain("1 publishes refused without 503 + Retry-After (500×1)");
    // The stored row of the refused publish was not shown either.
    expect(v.lost).toBe(1);
  });

  it("fails on an instance exit the scenario did not cause, and on a graceful stop that did not exit 0", () => {
    const v = judge(
      records({
        exits: [
          { instance: "A", code: 1, signal: null, expected: false, at: T0 },
          { instance: "B", code: 1, signal: null, expected: true, at: T0 },
          { instance: "B", code: null, signal: "SIGKILL", expected: true, at: T0 },
        ],
      }),
    );
    expect(v.problems).toEqual(["instance A exited unexpectedly (code 1, signal null)", "instance B stopped with exit code 1"]);
  });

  it("fails on clients left disconnected, rows shown that are not stored, and a drifting unread counter", () => {
    const gone = client("u2", [["n2", "live", T0], ["zz", "live", T0]], { connected: () => false, disconnects: [{ at: T0, reason: "io server disconnect" }] });
    const v = judge(records({ clients: [records().clients[0], gone], counterMismatches: [{ userId: "u2", counter: 2, rows: 1 }] }));
    expect(v.problems).toEqual([
      "1 shown that are not the user's stored notifications",
      "1 clients not connected at the end (last disconnect: io server disconnect×1)",
      "user u2: unread counter 2, unread rows 1",
    ]);
  });
});
