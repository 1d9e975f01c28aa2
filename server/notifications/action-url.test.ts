import { describe, expect, it } from "vitest";
import { actionUrlSchema, checkActionUrl, type ActionUrlPolicy } from "./action-url.ts";

const policy: ActionUrlPolicy = {
  publicUrl: "https://herald.example",
  allowedOrigins: ["https://allowed.example", "http://app.example:8080"],
};
const anyHost: ActionUrlPolicy = { ...policy, allowedOrigins: "*" };

describe("checkActionUrl refuses every open-redirect form", () => {
  const refused: [string, string, RegExp][] = [
    ["scheme-relative", "//evil.example/p", /must stay on https:\/\/herald\.example/],
    ["backslash after the slash", "/\\evil.example/p", /must stay on/],
    ["two backslashes", "/\\\\evil.example", /must stay on/],
    ["three slashes", "///evil.example", /must stay on/],
    ["a tab between the slashes", "/\t/evil.example", /control characters/],
    ["a newline between the slashes", "/\n/evil.example", /control characters/],
    ["a NUL", "/ok\u0000", /control characters/],
    ["DEL", "/ok\u007f", /control characters/],
    ["a leading space", " /leading-space", /start or end with a space/],
    ["a trailing space", "/trailing ", /start or end with a space/],
    ["a path that normalises to //host", "/.//evil.example", /must not resolve to one starting with "\/\/"/],
    ["dot-dot to //host", "/a/..//evil.example", /must not resolve to one starting with "\/\/"/],
    ["a broken authority", "//[::1", /must stay on/],
    ["http without a host", "http://", /must have a valid host/],
    ["https without a host", "https://", /must have a valid host/],
    ["javascript:", "javascript:alert(1)", /only http: and https:.*javascript:/],
    ["JavaScript: in odd case", "JaVaScRiPt:alert(1)", /only http: and https:/],
    ["data:", "data:text/html,x", /only http: and https:.*data:/],
    ["mailto:", "mailto:someone@example.com", /only http: and https:/],
    ["ftp:", "ftp://allowed.example/file", /only http: and https:/],
    ["a relative path without a slash", "tasks/234", /path starting with \/ or an absolute/],
    ["an empty string", "", /path starting with \/ or an absolute/],
    ["credentials", "https://user:pw@allowed.example/", /username or password/],
    ["a user name that looks like the host", "https://allowed.example@evil.example/", /username or password/],
    ["a disallowed origin", "https://evil.example/p", /origin https:\/\/evil\.example is not allowed/],
    ["an allowed host on another port", "https://allowed.example:8443/", /not allowed/],
    ["an allowed host over http instead of https", "http://allowed.example/", /not allowed/],
    ["a look-alike subdomain", "https://allowed.example.evil.example/", /not allowed/],
    ["a path that grows past 2000 characters once encoded", `/${" x".repeat(700)}`, /at most 2000 characters once normalised/],
  ];
  it.each(refused)("%s: %j", (_name, value, reason) => {
    const result = checkActionUrl(value, policy);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});

describe("checkActionUrl accepts safe values and stores what the parser understood", () => {
  const accepted: [string, string, ActionUrlPolicy, string][] = [
    ["a path", "/tasks/234", policy, "/tasks/234"],
    ["a path with query and fragment", "/ok?x=1#h", policy, "/ok?x=1#h"],
    ["encoded slashes stay on the origin", "/%2F%2Fevil.example", policy, "/%2F%2Fevil.example"],
    ["dot segments are resolved", "/a/b/../c", policy, "/a/c"],
    ["a space inside is encoded", "/a b", policy, "/a%20b"],
    ["scheme-relative to our own origin", "//herald.example/x", policy, "/x"],
    ["an allowed origin", "https://allowed.example/x?y=1", policy, "https://allowed.example/x?y=1"],
    ["an allowed origin in odd case", "HTTPS://ALLOWED.EXAMPLE/x", policy, "https://allowed.example/x"],
    ["an allowed origin with its port", "http://app.example:8080/a", policy, "http://app.example:8080/a"],
    ["the default port is the same origin", "https://allowed.example:443/x", policy, "https://allowed.example/x"],
    ["PUBLIC_URL's origin is always allowed", "https://herald.example/x", { ...policy, allowedOrigins: [] }, "https://herald.example/x"],
    ["* allows any http(s) host", "https://anything.example/p", anyHost, "https://anything.example/p"],
    ["* with http", "http://anything.example", anyHost, "http://anything.example/"],
  ];
  it.each(accepted)("%s: %j", (_name, value, p, stored) => {
    expect(checkActionUrl(value, p)).toEqual({ ok: true, value: stored });
  });

  it("still refuses hostless, credentialed and non-http URLs with *", () => {
    for (const value of ["http://", "https://u:p@any.example/", "javascript:alert(1)", "//evil.example/p"]) {
      expect(checkActionUrl(value, anyHost).ok, value).toBe(false);
    }
  });

  it("matches allowlist entries written with a trailing slash or in capitals", () => {
    const p = { ...policy, allowedOrigins: ["HTTPS://Allowed.Example/"] };
    expect(checkActionUrl("https://allowed.example/x", p)).toEqual({ ok: true, value: "https://allowed.example/x" });
  });
});

describe("actionUrlSchema", () => {
  const schema = actionUrlSchema(() => policy);

  it("outputs the normalised value", () => {
    expect(schema.parse("/a/../ok?x=1#h")).toBe("/ok?x=1#h");
  });

  it("refuses with the rule as the message", () => {
    const result = schema.safeParse("//evil.example/p");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/must stay on https:\/\/herald\.example/);
  });

  it("refuses more than 2000 characters before parsing", () => {
    const result = schema.safeParse(`/${"a".repeat(2000)}`);
    expect(result.error?.issues[0].message).toBe("at most 2000 characters");
    expect(schema.parse(`/${"a".repeat(1999)}`)).toHaveLength(2000);
  });

  it("reads the policy at validation time", () => {
    let current: ActionUrlPolicy = policy;
    const live = actionUrlSchema(() => current);
    expect(live.safeParse("https://new.example/").success).toBe(false);
    current = { ...policy, allowedOrigins: ["https://new.example"] };
    expect(live.safeParse("https://new.example/").success).toBe(true);
  });
});
