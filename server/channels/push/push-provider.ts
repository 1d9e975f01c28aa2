// What a Web Push provider does: deliver one encrypted payload to one browser's push
// service and say how it went, in terms the delivery worker acts on. Every provider
// passes the shared contract (push-provider.contract.ts).

/** A browser's PushSubscription, as stored. */
export type PushTarget = { endpoint: string; keys: { p256dh: string; auth: string } };

/** RFC 8030 Urgency: how eagerly the push service wakes the device. */
export type PushUrgency = "very-low" | "low" | "normal" | "high";

export type PushSendOptions = {
  /** How long the push service keeps the message for an offline device (RFC 8030 TTL). */
  ttlSeconds: number;
  urgency: PushUrgency;
  /** A message with the same topic replaces an undelivered earlier one (1-32 base64url characters). */
  topic?: string;
};

/**
 * - sent: the push service accepted it (2xx).
 * - gone: the subscription no longer exists (404, 410): delete it.
 * - retry: try again later (429, 5xx, a network error or timeout).
 * - failed: it will not work as it is (other 4xx, a refused address, a bad subscription).
 */
export type PushResult = { status: "sent" | "gone" | "retry" | "failed"; statusCode?: number; detail: string };

export interface PushProvider {
  send(target: PushTarget, payload: string, options: PushSendOptions): Promise<PushResult>;
}

/** What a push service's HTTP status means for the subscription and the job. */
export function classifyPushStatus(statusCode: number): PushResult["status"] {
  if (statusCode >= 200 && statusCode < 300) return "sent";
  if (statusCode === 404 || statusCode === 410) return "gone";
  if (statusCode === 429 || statusCode >= 500) return "retry";
  return "failed";
}
