// A push's link and size: only same-origin paths, and never more than a push service takes.
import { describe, expect, it } from "vitest";
import webpush from "web-push";
import { createBrowserKeys } from "../../../tests/support/web-push-crypto.ts";
import {
  ENCRYPTION_OVERHEAD_BYTES,
  FALLBACK_URL,
  MAX_ENCRYPTED_BYTES,
  MAX_PAYLOAD_BYTES,
  buildPushPayload,
  pushUrl,
  type PushPayload,
} from "./push-payload.ts";

const PUBLIC_URL = "https://herald.example";
const content = { id: "5f0c2f1e-0000-4000-8000-000000000001", type: "task.assigned", title: "Task #234 is yours", body: "Ship it", actionUrl: "/tasks/234" };
const parse = (json: string) => JSON.parse(json) as PushPayload;
const bytes = (json: string) => Buffer.byteLength(json);

describe("pushUrl opens only paths on Herald's own origin", () => {
  it.each([
    ["a path", "/tasks/234?tab=comments#c9", "/tasks/234?tab=comments#c9"],
    ["an absolute URL on PUBLIC_URL's origin, made a path", "https://herald.example/tasks/7", "/tasks/7"],
    ["another origin", "https://docs.partner.example/guide", FALLBACK_URL],
    ["the same host over http", "http://herald.example/tasks/7", FALLBACK_URL],
    ["scheme-relative", "//evil.example/x", FALLBACK_URL],
    ["backslash trick", "/\\evil.example", FALLBACK_URL],
    ["a path that normalises to //host", "/.//evil.example", FALLBACK_URL],
    ["javascript:", "javascript:alert(1)", FALLBACK_URL],
    ["no link", null, FALLBACK_URL],
  ])("%s", (_, actionUrl, expected) => {
    expect(pushUrl(actionUrl, PUBLIC_URL)).toBe(expected);
    expect(new URL(expected, PUBLIC_URL).origin).toBe(PUBLIC_URL);
  });
});

describe("buildPushPayload", () => {
  it("carries what the service worker shows, unchanged when it is small", () => {
    expect(parse(buildPushPayload(content, PUBLIC_URL))).toEqual({
      id: content.id,
      type: "task.assigned",
      title: "Task #234 is yours",
      body: "Ship it",
      url: "/tasks/234",
      tag: content.id,
      icon: "/icons/icon-192.png",
      badge: "/icons/badge-72.png",
    });
    expect(parse(buildPushPayload({ ...content, body: null, actionUrl: null }, PUBLIC_URL))).toMatchObject({ body: "", url: FALLBACK_URL });
  });

  it("shortens a long body to fit, on whole characters, with an ellipsis", () => {
    const body = "🔔 deploy log ".repeat(400); // 5,600 characters, far over 4 KB in UTF-8
    const json = buildPushPayload({ ...content, body }, PUBLIC_URL);
    expect(bytes(json)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(bytes(json)).toBeGreaterThan(MAX_PAYLOAD_BYTES - 20);
    const payload = parse(json);
    expect(payload.body.endsWith("…")).toBe(true);
    expect(body.startsWith(payload.body.slice(0, -1))).toBe(true);
    expect(payload.body).not.toMatch(/[\uD800-\uDBFF]…$/); // no half of a surrogate pair
    expect(payload).toMatchObject({ title: content.title, url: "/tasks/234" });
  });

  it("counts JSON escaping: a body of quotes and control characters still fits", () => {
    const json = buildPushPayload({ ...content, body: '"\u0001\\'.repeat(1500) }, PUBLIC_URL);
    expect(bytes(json)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(parse(json).body.length).toBeGreaterThan(100);
  });

  it("drops a link too long to fit, then shortens the title", () => {
    const longLink = `/search?q=${"\\".repeat(1990)}`; // 1,990 backslashes become 3,980 bytes of JSON
    const withLink = parse(buildPushPayload({ ...content, actionUrl: longLink, body: "b".repeat(4000) }, PUBLIC_URL));
    expect(withLink.url).toBe(FALLBACK_URL);
    expect(withLink.body.length).toBeGreaterThan(3000);
    const tiny = buildPushPayload({ ...content, title: "t".repeat(200) }, PUBLIC_URL, 300);
    expect(bytes(tiny)).toBeLessThanOrEqual(300);
    expect(parse(tiny).title).toMatch(/^t+…$/);
  });

  it("stays within 4096 bytes once encrypted (measured with real aes128gcm encryption)", () => {
    const browser = createBrowserKeys();
    const json = buildPushPayload({ ...content, body: "x".repeat(5000) }, PUBLIC_URL);
    expect(bytes(json)).toBe(MAX_PAYLOAD_BYTES);
    const { cipherText } = webpush.encrypt(browser.p256dh, browser.auth, json, "aes128gcm");
    expect(cipherText.length).toBe(bytes(json) + ENCRYPTION_OVERHEAD_BYTES);
    expect(cipherText.length).toBeLessThanOrEqual(MAX_ENCRYPTED_BYTES);
  });
});
