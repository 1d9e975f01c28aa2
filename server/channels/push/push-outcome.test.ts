// What a push.send run comes to, from each browser's answer.
import { describe, expect, it } from "vitest";
import type { PushResult } from "./push-provider.ts";
import { pushOutcome, pushSendOptions, type PushOutcome } from "./push-outcome.ts";

const sent: PushResult = { status: "sent", statusCode: 201, detail: "accepted (201)" };
const gone: PushResult = { status: "gone", statusCode: 410, detail: "push service answered 410" };
const busy: PushResult = { status: "retry", statusCode: 429, detail: "push service answered 429" };
const broken: PushResult = { status: "failed", statusCode: 400, detail: "push service answered 400" };

describe("pushOutcome", () => {
  const cases: [string, PushResult[], boolean, PushOutcome][] = [
    ["one browser took it", [sent], false, { status: "sent", reason: "sent to 1 of 1 browser", retry: false }],
    ["one of two took it, the other expired", [sent, gone], false, { status: "sent", reason: "sent to 1 of 2 browsers (1 expired, removed)", retry: false }],
    ["one took it, another was busy: no retry, it would repeat", [busy, sent], false,
      { status: "sent", reason: "sent to 1 of 2 browsers (1 not reached: push service answered 429)", retry: false }],
    ["busy, attempts left", [busy], false, { status: "retrying", reason: "retrying: push service answered 429", retry: true }],
    ["busy and expired, attempts left", [gone, busy], false, { status: "retrying", reason: "retrying: push service answered 429", retry: true }],
    ["busy on the last attempt", [busy], true, { status: "failed", reason: "failed: push service answered 429 (last attempt)", retry: false }],
    ["refused", [broken], false, { status: "failed", reason: "failed: push service answered 400", retry: false }],
    ["every subscription expired", [gone, gone], false, { status: "failed", reason: "every subscription had expired (2), removed", retry: false }],
  ];
  it.each(cases)("%s", (_, results, lastAttempt, expected) => {
    expect(pushOutcome(results, lastAttempt)).toEqual(expected);
  });
});

describe("pushSendOptions", () => {
  it("wakes devices for high priority, keeps low priority briefly, and tags the message with its id", () => {
    const id = "5f0c2f1e-0000-4000-8000-000000000001";
    expect(pushSendOptions("high", id)).toEqual({ ttlSeconds: 86_400, urgency: "high", topic: "5f0c2f1e000040008000000000000001" });
    expect(pushSendOptions("normal", id)).toMatchObject({ ttlSeconds: 86_400, urgency: "normal" });
    expect(pushSendOptions("low", id)).toMatchObject({ ttlSeconds: 14_400, urgency: "low" });
  });
});
