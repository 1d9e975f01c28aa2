import { describe, expect, it } from "vitest";
import { resolveActionUrl } from "./action-url.ts";

const ORIGIN = "http://localhost:3000";

describe("resolveActionUrl links nothing that could leave the origin unannounced", () => {
  const unlinked: [string, string | null | undefined][] = [
    ["no value", null],
    ["undefined", undefined],
    ["an empty string", ""],
    ["scheme-relative", "//evil.example/p"],
    ["backslash after the slash", "/\\evil.example/p"],
    ["two backslashes", "/\\\\evil.example"],
    ["three slashes", "///evil.example"],
    ["a tab between the slashes", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return in a path", "/ok\r"],
    ["a leading space", " /leading-space"],
    ["a leading space before an absolute URL", " https://allowed.example/"],
    ["a path that normalises to //host", "/.//evil.example"],
    ["dot-dot to //host", "/a/..//evil.example"],
    ["a broken authority", "//[::1"],
    ["http without a host", "http://"],
    ["https without a host", "https://"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: in odd case", "JaVaScRiPt:alert(1)"],
    ["data:", "data:text/html,x"],
    ["mailto:", "mailto:someone@example.com"],
    ["ftp:", "ftp://files.example/x"],
    ["a relative path without a slash", "tasks/234"],
    ["credentials", "https://user:pw@allowed.example/"],
    ["a user name that looks like the host", "https://localhost:3000@evil.example/"],
  ];
  it.each(unlinked)("%s: %j", (_name, value) => {
    expect(resolveActionUrl(value, ORIGIN)).toBeNull();
  });
});

describe("resolveActionUrl: internal links are same-origin paths", () => {
  const internal: [string, string, string][] = [
    ["a path", "/tasks/234", "/tasks/234"],
    ["query and fragment", "/ok?x=1#h", "/ok?x=1#h"],
    ["encoded slashes stay on the origin", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["dot segments are resolved", "/a/b/../c", "/a/c"],
    ["scheme-relative to the page's own origin", "//localhost:3000/x", "/x"],
    ["an absolute URL of the page's origin", "http://localhost:3000/tasks/1?a=b", "/tasks/1?a=b"],
    ["the page's origin in capitals", "HTTP://LOCALHOST:3000/x", "/x"],
  ];
  it.each(internal)("%s: %j", (_name, value, href) => {
    expect(resolveActionUrl(value, ORIGIN)).toEqual({ href, external: false });
  });

  it("takes a page origin written as a URL with a path", () => {
    expect(resolveActionUrl("/x", "http://localhost:3000/some/page")).toEqual({ href: "/x", external: false });
  });
});

describe("resolveActionUrl: external links are absolute http(s) URLs of another origin", () => {
  const external: [string, string, string][] = [
    ["another https origin", "https://allowed.example/x", "https://allowed.example/x"],
    ["odd case", "HTTPS://ALLOWED.EXAMPLE/x", "https://allowed.example/x"],
    ["our host on another port", "http://localhost:4000/x", "http://localhost:4000/x"],
    ["our host over https", "https://localhost:3000/x", "https://localhost:3000/x"],
  ];
  it.each(external)("%s: %j", (_name, value, href) => {
    expect(resolveActionUrl(value, ORIGIN)).toEqual({ href, external: true });
  });
});

describe("resolveActionUrl without a usable page origin", () => {
  it("links nothing", () => {
    expect(resolveActionUrl("/x", "")).toBeNull();
    expect(resolveActionUrl("/x", "about:blank")).toBeNull();
  });
});
