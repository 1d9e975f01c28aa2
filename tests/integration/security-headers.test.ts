// Security headers on the real production server: pages carry a per-request nonce that
// matches every <script> tag Next renders, API answers a policy that allows nothing, and
// HSTS appears only when PUBLIC_URL is https.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let http: HeraldProcess;
let https: HeraldProcess;
let api: Api;

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

beforeAll(async () => {
  database = await createTestDatabase();
  http = await startHerald({ DATABASE_URL: database.url, PUBLIC_URL: "http://herald.test:8080" });
  // TLS ends at a proxy in front of it; the server itself still speaks plain http.
  https = await startHerald({ DATABASE_URL: database.url, PUBLIC_URL: "https://herald.test" });
  api = await apiClient(http.url);
  await createUsers("dana");
});

afterAll(async () => {
  await http?.stop();
  await https?.stop();
  await database?.drop();
});

async function page(server: HeraldProcess, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers, redirect: "manual" });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

const nonceOf = (csp: string | null) => /script-src [^;]*'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp ?? "")?.[1];
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];

function expectCommonHeaders(headers: Headers) {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("permissions-policy")).toContain("camera=()");
}

describe("a page", () => {
  it("carries the page policy, and its nonce is on every script tag", async () => {
    const { status, headers, html } = await page(http, "/signin");
    expect(status).toBe(200);
    const csp = headers.get("content-security-policy")!;
    const nonce = nonceOf(csp);
    expect(nonce).toBeDefined();
    expect(csp).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; ` +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://herald.test:8080; worker-src 'self'; " +
        "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expectCommonHeaders(headers);
    expect(headers.get("permissions-policy")).toContain("camera=()");
    expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(headers.get("strict-transport-security")).toBeNull();

    const scripts = scriptTags(html);
    // Next's bootstrap: external chunks and the inline flight-data scripts.
    expect(scripts.filter((tag) => / src=/.test(tag)).length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !/ src=/.test(tag)).length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("gets a fresh nonce on every request", async () => {
    const nonces = new Set<string | undefined>();
    for (let i = 0; i < 3; i++) nonces.add(nonceOf((await page(http, "/signin")).headers.get("content-security-policy")));
    expect(nonces.size).toBe(3);
    expect(nonces.has(undefined)).toBe(false);
  });

  it("ignores a content-security-policy the client sends", async () => {
    const { headers, html } = await page(http, "/signin", { "content-security-policy": "script-src 'nonce-chosenbytheclient'" });
    const nonce = nonceOf(headers.get("content-security-policy"));
    expect(nonce).toBeDefined();
    expect(nonce).not.toBe("chosenbytheclient");
    expect(headers.get("content-security-policy")).not.toContain("chosenbytheclient");
    expect(html).not.toContain("chosenbytheclient");
    for (const tag of scriptTags(html)) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("a 404 page renders per request too, with its scripts nonced", async () => {
    const { status, headers, html } = await page(http, "/no-such-page");
    expect(status).toBe(404);
    const nonce = nonceOf(headers.get("content-security-policy"));
    expect(nonce).toBeDefined();
    expect(scriptTags(html).length).toBeGreaterThan(0);
    for (const tag of scriptTags(html)) expect(tag).toContain(`nonce="${nonce}"`);
  });
});

describe("an API answer", () => {
  it("carries the strict policy on a 401, a 404 and a 202", async () => {
    const unauthorized = await fetch(`${http.url}/api/v1/notifications`, { method: "POST" });
    const notFound = await fetch(`${http.url}/api/v1/no-such-thing`, { headers: { authorization: `Bearer ${api.key}` } });
    const published = await fetch(`${http.url}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.key}`, "content-type": "application/json", "content-security-policy": "default-src *" },
      body: JSON.stringify({ recipients: ["dana"], type: "test", title: "Headers" }),
    });
    expect([unauthorized.status, notFound.status, published.status]).toEqual([401, 404, 202]);
    for (const res of [unauthorized, notFound, published]) {
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("content-security-policy")).toBe(API_CSP);
      expectCommonHeaders(res.headers);
      expect(res.headers.get("strict-transport-security")).toBeNull();
      await res.body?.cancel();
    }
  });
});

describe("Socket.IO's own HTTP answers", () => {
  it("carry the strict policy too (a polling handshake, answered before our listener runs)", async () => {
    const res = await fetch(`${http.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: "http://herald.test:8080" } });
    expect(res.status).toBeLessThan(500);
    expectCommonHeaders(res.headers);
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    await res.body?.cancel();
  });
});

describe("with an https PUBLIC_URL", () => {
  it("adds HSTS (no includeSubDomains) and upgrade-insecure-requests, and the socket's wss: origin", async () => {
    const { headers } = await page(https, "/signin");
    expect(headers.get("strict-transport-security")).toBe("max-age=31536000");
    const csp = headers.get("content-security-policy")!;
    expect(csp).toContain("connect-src 'self' wss://herald.test;");
    expect(csp.endsWith("; upgrade-insecure-requests")).toBe(true);

    const res = await fetch(`${https.url}/api/v1/notifications`, { method: "POST" });
    expect(res.status).toBe(401);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    await res.body?.cancel();
  });
});
