// What reaches a log line: credential-named fields however deep the callers nest them (an
// error's request config, a response's headers), and no query value of a logged URL.
import { Writable } from "node:stream";
import { pino } from "pino";
import { expect, it } from "vitest";
import { logOptions } from "./log.ts";

function logged(write: (logger: pino.Logger) => void): Record<string, any> {
  let line = "";
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((line += chunk.toString()), done()) });
  write(pino(logOptions, sink));
  return JSON.parse(line);
}

it("redacts credential fields at the top and nested up to four levels", () => {
  const line = logged((l) =>
    l.warn({ token: "t0", a: { password: "p1", b: { secret: "s2", c: { cookie: "c3", d: { authorization: "a4" } } } } }, "nested"),
  );
  expect(line.token).toBe("[redacted]");
  expect(line.a.password).toBe("[redacted]");
  expect(line.a.b.secret).toBe("[redacted]");
  expect(line.a.b.c.cookie).toBe("[redacted]");
  expect(line.a.b.c.d.authorization).toBe("[redacted]");
});

it("redacts inside a serialized error: its request headers and a response's set-cookie", () => {
  const err = Object.assign(new Error("request failed"), {
    config: { headers: { authorization: "Bearer hk_secret" } },
    response: { headers: { "set-cookie": ["sid=abc"] } },
  });
  const line = logged((l) => l.error({ err }, "failed"));
  expect(line.err.message).toBe("request failed");
  expect(line.err.config.headers.authorization).toBe("[redacted]");
  expect(line.err.response.headers["set-cookie"]).toBe("[redacted]");
  expect(JSON.stringify(line)).not.toMatch(/hk_secret|sid=abc/);
});

it("replaces every query value of a logged url or path, keeping the names", () => {
  const line = logged((l) => l.error({ url: "/unsubscribe?token=abc.def&x=1#top", path: "/api/v1/unsubscribe?token=abc" }, "failed"));
  expect(line.url).toBe("/unsubscribe?token=[redacted]&x=[redacted]");
  expect(line.path).toBe("/api/v1/unsubscribe?token=[redacted]");
  expect(logged((l) => l.info({ url: "http://localhost:3000" }, "listening")).url).toBe("http://localhost:3000");
});
