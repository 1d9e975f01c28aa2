import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../config/index.ts";
import { toAppError } from "../http/errors.ts";
import { checkOutboundUrl, outboundHost, outboundHostSchema, outboundUrl, outboundUrlSchema } from "./outbound-url.ts";

const strict = { allowPrivate: false };
const relaxed = { allowPrivate: true };

// [url, reason it is refused when stored]
const refusedUrls: [string, RegExp][] = [
  ["not a url", /absolute URL/],
  ["/relative/path", /absolute URL/],
  ["http://push.example.com/x", /must use https/],
  ["ftp://push.example.com/x", /must use https/],
  ["javascript:alert(1)", /must use https/],
  ["https://user:secret@push.example.com/x", /user name or password/],
  ["https://user@push.example.com/x", /user name or password/],
  ["https://localhost/x", /localhost/],
  ["https://LOCALHOST./x", /localhost/],
  ["https://api.localhost/x", /localhost/],
  ["https://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/x", /localhost/], // IDNA maps it to "localhost"
  ["https://127.0.0.1/x", /non-public address \(loopback\)/],
  ["https://127.1/x", /loopback/],
  ["https://2130706433/x", /loopback/],
  ["https://0x7f.1/x", /loopback/],
  ["https://0177.0.0.1/x", /loopback/],
  ["https://%31%32%37.0.0.1/x", /loopback/],
  ["https://[::1]/x", /loopback/],
  ["https://[::ffff:7f00:1]/x", /ipv4Mapped:loopback/],
  ["https://[::ffff:127.0.0.1]/x", /ipv4Mapped:loopback/],
  ["https://[::127.0.0.1]/x", /unassigned/],
  ["https://[fe80::1]/x", /linkLocal/],
  ["https://[fd00::1]/x", /uniqueLocal/],
  ["https://[64:ff9b::a9fe:a9fe]/x", /rfc6052:linkLocal/],
  ["https://10.0.0.5:8443/x", /private/],
  ["https://192.168.0.1/x", /private/],
  ["https://169.254.169.254/latest/meta-data/", /linkLocal/],
  ["https://100.64.1.1/x", /carrierGradeNat/],
  ["https://0.0.0.0/x", /unspecified/],
  ["https://255.255.255.255/x", /broadcast/],
  ["https://224.0.0.1/x", /multicast/],
  ["https://192.0.2.1/x", /reserved/],
];

// [url, the normalised href that is stored]
const acceptedUrls: [string, string][] = [
  ["https://fcm.googleapis.com/fcm/send/abc:def", "https://fcm.googleapis.com/fcm/send/abc:def"],
  ["https://updates.push.services.mozilla.com/wpush/v2/gAAA", "https://updates.push.services.mozilla.com/wpush/v2/gAAA"],
  ["HTTPS://Push.Example.COM:8443/a b", "https://push.example.com:8443/a%20b"],
  ["https://8.8.8.8/x", "https://8.8.8.8/x"],
  ["https://134744072/x", "https://8.8.8.8/x"],
  ["https://[2606:4700:4700::1111]/x", "https://[2606:4700:4700::1111]/x"],
  ["https://localhost.example.com/x", "https://localhost.example.com/x"], // only the localhost TLD is special
];

describe("checkOutboundUrl, strict", () => {
  it.each(refusedUrls)("refuses %s", (url, reason) => {
    const check = checkOutboundUrl(url, strict);
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.reason).toMatch(reason);
  });

  it.each(acceptedUrls)("accepts %s", (url, href) => {
    expect(outboundUrlSchema(strict).parse(url)).toBe(href);
  });
});

describe("checkOutboundUrl, private targets allowed (development, tests)", () => {
  it.each(["http://localhost:3000/push", "https://127.0.0.1:8443/x", "https://[::1]/x", "http://10.0.0.5/hook", "https://api.localhost/x"])(
    "accepts %s",
    (url) => expect(checkOutboundUrl(url, relaxed).ok).toBe(true),
  );

  it.each([
    ["ftp://localhost/x", /http or https/],
    ["https://user:pw@localhost/x", /user name or password/],
  ])("still refuses %s", (url, reason) => {
    const check = checkOutboundUrl(url, relaxed);
    expect(check.ok ? "" : check.reason).toMatch(reason);
  });
});

describe("outboundHost (an SMTP host)", () => {
  it.each([
    ["smtp.example.com", "smtp.example.com"],
    ["SMTP.Example.com.", "smtp.example.com."],
    ["8.8.8.8", "8.8.8.8"],
    ["2001:4860:4860::8888", "2001:4860:4860::8888"],
    ["[2001:4860:4860::8888]", "2001:4860:4860::8888"],
  ])("accepts %s", (host, normalised) => {
    expect(outboundHostSchema(strict).parse(host)).toBe(normalised);
  });

  it.each([
    ["localhost", /localhost/],
    ["mail.localhost", /localhost/],
    ["127.0.0.1", /loopback/],
    ["2130706433", /loopback/],
    ["0x7f.1", /loopback/],
    ["::1", /loopback/],
    ["::ffff:10.0.0.1", /ipv4Mapped:private/],
    ["169.254.169.254", /linkLocal/],
    ["smtp.example.com:25", /host name or IP address/],
    ["smtp.example.com/x", /host name or IP address/],
    ["user@smtp.example.com", /host name or IP address/],
    ["", /Too small|at least/i],
  ])("refuses %s", (host, reason) => {
    const result = outboundHostSchema(strict).safeParse(host);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(reason);
  });
});

describe("outboundUrl in a request body", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "herald-net-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const body = z.object({ endpoint: outboundUrl, smtpHost: outboundHost.optional() });

  it("becomes the standard 422 with field details", () => {
    loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
    const result = body.safeParse({ endpoint: "https://[::ffff:7f00:1]/push", smtpHost: "10.0.0.1" });
    expect(result.success).toBe(false);
    const error = toAppError(result.error);
    expect(error.status).toBe(422);
    expect(error.toBody()).toEqual({
      error: {
        code: "validation_failed",
        message: "The request is not valid",
        details: [
          { path: "endpoint", message: "must not point to a non-public address (ipv4Mapped:loopback)" },
          { path: "smtpHost", message: "must not point to a non-public address (private)" },
        ],
      },
    });
  });

  it("follows ALLOW_PRIVATE_NETWORK_TARGETS, read when the body is parsed", () => {
    loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
    expect(body.parse({ endpoint: "http://localhost:3000/push", smtpHost: "127.0.0.1" })).toEqual({
      endpoint: "http://localhost:3000/push",
      smtpHost: "127.0.0.1",
    });
    loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
    expect(body.safeParse({ endpoint: "http://localhost:3000/push" }).success).toBe(false);
  });
});
