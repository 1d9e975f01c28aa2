import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { Config } from "../config/index.ts";
import { applySecurityHeaders, buildSecurityHeaders, createNonce } from "./security-headers.ts";

const config = (publicUrl: string, env: Config["env"] = "production") => ({ env, publicUrl }) as Config;

/** The directives of a policy, by name. */
const directives = (csp: string) =>
  Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

function request(url: string, headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.headers = { host: "herald.test", ...headers };
  const res = new ServerResponse(req);
  return { req, res };
}

describe("page policy", () => {
  it("over http: the ws: socket origin, no HSTS, no upgrade-insecure-requests", () => {
    const headers = buildSecurityHeaders(config("http://localhost:3000"));
    expect(headers.pageCsp("N0nce+/=")).toBe(
      "default-src 'self'; script-src 'self' 'nonce-N0nce+/=' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://localhost:3000; worker-src 'self'; " +
        "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    const names = headers.page.map(([name]) => name);
    expect(names).not.toContain("strict-transport-security");
    expect(Object.fromEntries(headers.page)).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-opener-policy": "same-origin",
    });
  });

  it("over https: wss: origin without the default port, HSTS without includeSubDomains, upgrade-insecure-requests", () => {
    const headers = buildSecurityHeaders(config("https://herald.example.com/"));
    const csp = directives(headers.pageCsp("abc"));
    expect(csp["connect-src"]).toBe("'self' wss://herald.example.com");
    expect(csp).toHaveProperty("upgrade-insecure-requests");
    expect(Object.fromEntries(headers.page)["strict-transport-security"]).toBe("max-age=31536000");
    expect(Object.fromEntries(headers.resource)["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("allows eval only in development", () => {
    expect(directives(buildSecurityHeaders(config("http://localhost:3000", "development")).pageCsp("abc"))["script-src"]).toBe(
      "'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'",
    );
    for (const env of ["production", "test"] as const) {
      expect(buildSecurityHeaders(config("http://localhost:3000", env)).pageCsp("abc")).not.toContain("unsafe-eval");
    }
  });

  it("turns off powerful features but leaves notifications and push alone", () => {
    const policy = Object.fromEntries(buildSecurityHeaders(config("http://localhost:3000")).page)["permissions-policy"];
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(policy).toContain(`${feature}=()`);
    expect(policy).not.toMatch(/notifications|push/);
  });
});

describe("createNonce", () => {
  it("gives a fresh 128-bit base64 nonce each call, also across pool refills", () => {
    const nonces = Array.from({ length: 1000 }, createNonce);
    expect(new Set(nonces).size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    // The pattern Next accepts in 'nonce-…' (get-script-nonce-from-header.js).
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/_-]+={0,2}$/);
  });
});

describe("applySecurityHeaders", () => {
  const cfg = config("https://herald.example.com");

  it("gives a page a fresh nonce in the response and replaces the client's request CSP with it", () => {
    const first = request("/notifications", { "content-security-policy": "script-src 'nonce-attacker'" });
    const second = request("/notifications", { "content-security-policy-report-only": "script-src 'nonce-attacker'" });
    applySecurityHeaders(first.req, first.res, cfg);
    applySecurityHeaders(second.req, second.res, cfg);
    const csp = first.res.getHeader("content-security-policy") as string;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(first.req.headers["content-security-policy"]).toBe(csp);
    expect(csp).not.toContain("attacker");
    expect(second.req.headers["content-security-policy-report-only"]).toBeUndefined();
    expect(second.res.getHeader("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
    expect(first.res.getHeader("permissions-policy")).toContain("camera=()");
    expect(first.res.getHeader("strict-transport-security")).toBe("max-age=31536000");
  });

  it("gives API answers and build assets the strict policy (with Permissions-Policy) and no nonce", () => {
    for (const url of ["/api/v1/notifications", "/api/v1/me/notifications?limit=5", "/_next/static/chunks/app.js"]) {
      const { req, res } = request(url, { "content-security-policy": "x" });
      applySecurityHeaders(req, res, cfg);
      expect(res.getHeader("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.getHeader("x-content-type-options")).toBe("nosniff");
      expect(res.getHeader("x-frame-options")).toBe("DENY");
      expect(res.getHeader("permissions-policy")).toContain("camera=()");
      expect(req.headers["content-security-policy"]).toBe("x");
    }
  });

  it("treats next-auth's routes as pages (they render through Next)", () => {
    const { req, res } = request("/api/auth/session");
    applySecurityHeaders(req, res, cfg);
    expect(res.getHeader("content-security-policy")).toContain("'nonce-");
  });
});
