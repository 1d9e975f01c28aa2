// What one push.send run comes to, from the answers of every browser of the person: the
// delivery log's status and reason, and whether the job should run again. Pure, so the
// rules read as a table (push-outcome.test.ts).
import type { PushResult, PushSendOptions } from "./push-provider.ts";
import type { Priority } from "../../types/type-definition.ts";

export type PushOutcome = { status: "sent" | "retrying" | "failed"; reason: string; retry: boolean };

/**
 * One browser that took it is enough: a retry would send it again to those that did.
 * Nothing sent and some answer worth retrying (429, 5xx, network): retry, unless this was
 * the last attempt. Otherwise it failed for good.
 */
export function pushOutcome(results: PushResult[], lastAttempt: boolean): PushOutcome {
  const count = (status: PushResult["status"]) => results.filter((r) => r.status === status).length;
  const sent = count("sent");
  const gone = count("gone");
  const unsent = results.filter((r) => r.status === "retry" || r.status === "failed");
  const notes = [
    ...(gone > 0 ? [`${gone} expired, removed`] : []),
    ...(unsent.length > 0 ? [`${unsent.length} not reached: ${unsent[0].detail}`] : []),
  ];
  if (sent > 0) {
    const browsers = `${sent} of ${results.length} browser${results.length === 1 ? "" : "s"}`;
    return { status: "sent", reason: `sent to ${browsers}${notes.length ? ` (${notes.join("; ")})` : ""}`, retry: false };
  }
  const retryable = results.find((r) => r.status === "retry");
  if (retryable && !lastAttempt) return { status: "retrying", reason: `retrying: ${retryable.detail}`, retry: true };
  if (retryable) return { status: "failed", reason: `failed: ${retryable.detail} (last attempt)`, retry: false };
  const failed = results.find((r) => r.status === "failed");
  if (failed) return { status: "failed", reason: `failed: ${failed.detail}`, retry: false };
  return { status: "failed", reason: `every subscription had expired (${gone}), removed`, retry: false };
}

/** How long a push waits for an offline device, and how eagerly it wakes one, by the type's priority. */
export function pushSendOptions(priority: Priority, notificationId: string): PushSendOptions {
  const byPriority: Record<Priority, Pick<PushSendOptions, "ttlSeconds" | "urgency">> = {
    high: { ttlSeconds: 24 * 3600, urgency: "high" },
    normal: { ttlSeconds: 24 * 3600, urgency: "normal" },
    low: { ttlSeconds: 4 * 3600, urgency: "low" },
  };
  // The id without dashes is 32 base64url characters: a retry replaces a copy still waiting.
  return { ...byPriority[priority], topic: notificationId.replaceAll("-", "") };
}
