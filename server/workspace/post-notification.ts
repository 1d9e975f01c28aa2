// One publish through Herald's own service API, over HTTP, exactly as an outside service
// sends it: POST /api/v1/notifications with the app's key. The workspace never calls the
// publishing domain directly, so it exercises (and proves) the path customers use.
import type { PublishNotificationInput } from "../notifications/publish-notification.ts";
import { appKeySecret, forgetAppKey } from "./app-key.ts";

const store = globalThis as unknown as { __heraldSelfUrl?: string };
const TIMEOUT_MS = 5000;

/**
 * Where this instance's API answers, set once it listens (server/start-server.ts). The
 * loopback address, not PUBLIC_URL: a proxy or TLS in front may not be reachable from here.
 */
export function setSelfUrl(url: string): void {
  store.__heraldSelfUrl = url.replace(/\/$/, "");
}

export type PostOutcome =
  | { ok: true; status: number }
  /** retry: worth trying again later (network, timeout, 429, 5xx). */
  | { ok: false; status: number | null; retry: boolean; reason: string };

/**
 * `idempotencyKey`: the same for every try of one notification (the first and the retry
 * job's), so a try that timed out after the server had stored it never notifies twice.
 */
export async function postNotification(body: PublishNotificationInput, idempotencyKey: string): Promise<PostOutcome> {
  const base = store.__heraldSelfUrl;
  if (!base) return { ok: false, status: null, retry: true, reason: "this instance is not listening yet" };
  let outcome = await attempt(base, body, await appKeySecret(), idempotencyKey);
  // Our key was revoked (an admin rotating it): make a new one and try once more.
  if (!outcome.ok && outcome.status === 401) {
    forgetAppKey();
    outcome = await attempt(base, body, await appKeySecret(), idempotencyKey);
  }
  return outcome;
}

async function attempt(base: string, body: PublishNotificationInput, secret: string, idempotencyKey: string): Promise<PostOutcome> {
  try {
    const res = await fetch(`${base}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status === 202) return { ok: true, status: 202 };
    const reason = errorMessage(text) ?? `HTTP ${res.status}`;
    // 409: the same key is still being stored by an earlier try; the retry will get its answer.
    return { ok: false, status: res.status, retry: res.status === 409 || res.status === 429 || res.status >= 500, reason };
  } catch (error) {
    return { ok: false, status: null, retry: true, reason: (error as Error).name === "TimeoutError" ? "timed out" : (error as Error).message };
  }
}

function errorMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return parsed.error ? `${parsed.error.code}: ${parsed.error.message}` : undefined;
  } catch {
    return undefined;
  }
}
