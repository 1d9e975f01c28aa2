// What a push message carries to the service worker (public/sw.js), and the rules it keeps:
// the link is a path on Herald's own origin, and the whole message fits the 4096 bytes
// that every push service must accept (RFC 8030 §7.2) once encrypted.
import { resolveActionUrl } from "../../../lib/action-url.ts";

/** Push services must accept encrypted bodies up to this size; some refuse anything larger. */
export const MAX_ENCRYPTED_BYTES = 4096;
/**
 * aes128gcm (RFC 8188) in one record, as web-push writes it: a header of 86 bytes (salt 16,
 * record size 4, key-id length 1, sender key 65) plus a padding delimiter (1) and the AES-GCM
 * tag (16). push-payload.test.ts checks this against real encryption.
 */
export const ENCRYPTION_OVERHEAD_BYTES = 86 + 1 + 16;
export const MAX_PAYLOAD_BYTES = MAX_ENCRYPTED_BYTES - ENCRYPTION_OVERHEAD_BYTES;

/** Where a push opens when the notification has no link of Herald's own. */
export const FALLBACK_URL = "/notifications";
export const PUSH_ICON = "/icons/icon-192.png";
export const PUSH_BADGE = "/icons/badge-72.png";

export type PushContent = { id: string; type: string; title: string; body: string | null; actionUrl: string | null };

export type PushPayload = {
  id: string;
  type: string;
  title: string;
  body: string;
  /** A same-origin path: the service worker opens nothing else. */
  url: string;
  /** One notification per id on the device, so a retried push replaces rather than repeats. */
  tag: string;
  icon: string;
  badge: string;
};

/**
 * The link a push opens: the notification's actionUrl when it is a path on PUBLIC_URL's
 * origin (or an absolute URL of that origin, made a path), else the notifications page,
 * where an external link is shown with its warning.
 */
export function pushUrl(actionUrl: string | null, publicUrl: string): string {
  const resolved = resolveActionUrl(actionUrl, new URL(publicUrl).origin);
  return resolved && !resolved.external ? resolved.href : FALLBACK_URL;
}

/** The JSON sent, at most `maxBytes` of UTF-8: the body is shortened first, then the link, then the title. */
export function buildPushPayload(n: PushContent, publicUrl: string, maxBytes = MAX_PAYLOAD_BYTES): string {
  const full: PushPayload = {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body ?? "",
    url: pushUrl(n.actionUrl, publicUrl),
    tag: n.id,
    icon: PUSH_ICON,
    badge: PUSH_BADGE,
  };
  const fits = (p: PushPayload) => Buffer.byteLength(JSON.stringify(p)) <= maxBytes;
  // A link is at most 2,000 characters, but JSON escaping can double it: drop it before the title.
  for (const shape of [full, { ...full, url: FALLBACK_URL }]) {
    if (fits({ ...shape, body: "" })) return JSON.stringify({ ...shape, body: shorten(full.body, (body) => fits({ ...shape, body })) });
  }
  const bare = { ...full, url: FALLBACK_URL, body: "" };
  return JSON.stringify({ ...bare, title: shorten(full.title, (title) => fits({ ...bare, title })) });
}

/** The text if it fits, else its longest prefix (whole code points) that fits with an ellipsis. */
export function shorten(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const chars = Array.from(text);
  const cut = (n: number) => (n === 0 ? "" : `${chars.slice(0, n).join("").trimEnd()}…`);
  let [low, high] = [0, chars.length - 1];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(cut(mid))) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}
