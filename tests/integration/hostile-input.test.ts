// Hostile input that PostgreSQL cannot store or that tries to exhaust the server: NUL
// characters, lone surrogates, deep nesting, odd media types, next-auth's own routes. Each
// gets a 4xx with the one error shape, nothing is written, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { apiClient, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, rawRequest, userApi, type UserApi } from "../support/user-api.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
let hana: UserApi;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("hana");
  hana = await userApi(server.url, api, "hana");
});

afterAll(async () => {
  // After all of it, whatever the order: the server still serves.
  if (server) {
    expect((await api.request("POST", "/api/v1/notifications", valid)).status).toBe(202);
    expect(server.child.exitCode).toBeNull();
  }
  await server?.stop();
  await database?.drop();
});

const valid = { recipients: ["hana"], type: "comment.created", title: "Hi" };
const NUL = "a\u0000b";
const LONE = "x\ud800y";

function deeplyNested(levels: number): string {
  return `{"recipients":["hana"],"type":"t","title":"deep","data":{"d":${"[".repeat(levels)}1${"]".repeat(levels)}}}`;
}

function expectError(res: { status: number; body: any }, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
}

describe("publishing", () => {
  const cases: [string, string | object, string][] = [
    ["a NUL in the title", { ...valid, title: NUL }, "title"],
    ["a NUL in the body", { ...valid, body: NUL }, "body"],
    ["a NUL in a data value", { ...valid, data: { note: NUL } }, "data.note"],
    ["a NUL in a data key", { ...valid, data: { [NUL]: 1 } }, "data.a\u0000b"],
    ["a NUL in a recipient", { ...valid, recipients: [NUL] }, "recipients.0"],
    ["a NUL in the type", { ...valid, type: NUL }, "type"],
    ["a lone surrogate in data", { ...valid, data: { s: LONE } }, "data.s"],
    ["a lone surrogate in the title", { ...valid, title: LONE }, "title"],
    ["data nested 10,000 levels deep", deeplyNested(10_000), "data.d"],
  ];

  it.each(cases)("%s is 422 and stores nothing", async (_name, body, path) => {
    const before = await db().notification.count();
    const res = await api.request("POST", "/api/v1/notifications", typeof body === "string" ? body : JSON.stringify(body));
    expectError(res, 422, "validation_failed");
    expect(res.body.error.details[0].path.startsWith(path.split(".")[0])).toBe(true);
    expect(await db().notification.count()).toBe(before);
  });

  it("accepts well-formed text: emoji (surrogate pairs), right-to-left, line breaks", async () => {
    const res = await api.request("POST", "/api/v1/notifications", { ...valid, title: "🎉 שלום\nhello", data: { e: "😀" } });
    expect(res.status).toBe(202);
    const stored = await db().notification.findUniqueOrThrow({ where: { id: res.body.notifications[0].id } });
    expect(stored.title).toBe("🎉 שלום\nhello");
    expect(stored.data).toEqual({ e: "😀" });
  });

  it.each(["application/jsonfoo", "application/json-patch", "text/plain", "application/x-www-form-urlencoded", ""])(
    "Content-Type %j is 415",
    async (type) => {
      const res = await rawRequest(server.url, "POST", "/api/v1/notifications", {
        authorization: `Bearer ${api.key}`,
        body: JSON.stringify(valid),
        headers: { "content-type": type },
      });
      expectError(res, 415, "unsupported_media_type");
    },
  );

  it("accepts application/json with parameters, in any case", async () => {
    const res = await rawRequest(server.url, "POST", "/api/v1/notifications", {
      authorization: `Bearer ${api.key}`,
      body: JSON.stringify(valid),
      headers: { "content-type": "Application/JSON; charset=UTF-8" },
    });
    expect(res.status).toBe(202);
  });
});

describe("users", () => {
  it("a NUL in a user's name is 422", async () => {
    expectError(await api.request("PUT", "/api/v1/users/ivy", { name: NUL }), 422, "validation_failed");
    expect(await db().user.findUnique({ where: { id: "ivy" } })).toBeNull();
  });

  it("a NUL in a path segment is 422, for every route that takes one", async () => {
    expectError(await api.request("PUT", "/api/v1/users/a%00b", { name: "x" }), 422, "validation_failed");
    expectError(await api.request("POST", "/api/v1/users/a%00b/token"), 422, "validation_failed");
    expectError(await hana.request("POST", `${ME}/a%00b/read`), 422, "validation_failed");
    expectError(await hana.request("DELETE", `${ME}/%00`), 422, "validation_failed");
  });

  it("an escaped surrogate (invalid UTF-8) in a path segment is a 4xx with the error body", async () => {
    const res = await api.request("POST", "/api/v1/users/%ED%A0%80/token");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Object.keys(res.body)).toEqual(["error"]);
  });
});

describe("query strings", () => {
  it.each([`${ME}?cursor=%00`, `${ME}?type=a%00`, `${ME}?status=%00`, `${ME}?%00=1`])("%s is 422", async (path) => {
    const res = await hana.request("GET", path);
    expectError(res, 422, "validation_failed");
    expect(res.body.error.details[0].path).toMatch(/^query\./);
  });
});

it("reads invalid UTF-8 in a query string as replacement characters, not as lone surrogates", async () => {
  const res = await hana.request("GET", `${ME}?type=%ED%A0%80`);
  expect(res.status).toBe(200);
  expect(res.body.items).toEqual([]);
});

describe("next-auth's routes", () => {
  it("GET /api/auth/callback/credentials is 405, not 500", async () => {
    const res = await rawRequest(server.url, "GET", "/api/auth/callback/credentials");
    expectError(res, 405, "method_not_allowed");
  });

  it("a sign-in posted as JSON is 415", async () => {
    const res = await rawRequest(server.url, "POST", "/api/auth/callback/credentials", { body: { email: "a@b.c", password: "x" } });
    expectError(res, 415, "unsupported_media_type");
  });

  it.each([
    ["GET", "/api/auth/signin?callbackUrl=%00"],
    ["GET", "/api/auth/session?x=%00"],
    ["GET", "/api/auth/providers"],
    ["GET", "/api/auth/nope"],
    ["POST", "/api/auth/signout"],
    ["GET", "/api/auth/callback/nope"],
  ])("%s %s is not a 5xx", async (method, path) => {
    const res = await fetch(server.url + path, { method, redirect: "manual" });
    expect(res.status).toBeLessThan(500);
  });

  it("logs next-auth's errors as JSON lines, never a raw stack trace", async () => {
    // Requests that make next-auth report errors, sent here so the check holds in any order.
    await rawRequest(server.url, "GET", "/api/auth/callback/credentials");
    await rawRequest(server.url, "POST", "/api/auth/callback/credentials", { body: { email: "a@b.c", password: "x" } });
    for (const path of ["/api/auth/signin?callbackUrl=%00", "/api/auth/session?x=%00", "/api/auth/callback/nope"]) {
      await fetch(server.url + path, { redirect: "manual" });
    }
    const raw = server.output().split("\n").filter((line) => line.trim() && !line.startsWith("{"));
    expect(raw.filter((line) => /^\s+at |\[next-auth\]/.test(line))).toEqual([]);
  });
});

describe("pages", () => {
  it.each(["/notifications/%ff", "/tasks/%ED%A0%80", "/api/auth/%ff", "/%c0%af"])("%s (malformed percent-encoding) is 400 with the error body", async (path) => {
    const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: expect.stringMatching(/percent-encoding/) } });
  });

  it("still serves a well-encoded path", async () => {
    const res = await fetch(`${server.url}/signin?x=%E2%9C%93`, { redirect: "manual" });
    expect(res.status).toBe(200);
  });
});
