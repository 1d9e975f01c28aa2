// actionUrl can never make Herald an open redirect: every hostile form is a 422 that
// stores nothing, and what is accepted is stored as the URL parser understood it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const PUBLIC_URL = "https://herald.test";

let database: TestDatabase;
let allowlisted: HeraldProcess; // ACTION_URL_ORIGINS set
let defaults: HeraldProcess; // ACTION_URL_ORIGINS unset: PUBLIC_URL and ALLOWED_ORIGINS
let api: Api;
let defaultsApi: Api;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  [allowlisted, defaults] = await Promise.all([
    startHerald({ DATABASE_URL: database.url, PUBLIC_URL, ACTION_URL_ORIGINS: "https://allowed.example, HTTP://APP.EXAMPLE:8080" }),
    startHerald({ DATABASE_URL: database.url, PUBLIC_URL }),
  ]);
  api = await apiClient(allowlisted.url);
  defaultsApi = await apiClient(defaults.url);
  await createUsers("uma", "vic");
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await allowlisted?.stop();
  await defaults?.stop();
  await database?.drop();
});

const publish = (client: Api, actionUrl: unknown) =>
  client.request("POST", "/api/v1/notifications", { recipients: ["uma", "vic"], type: "task.assigned", title: "Task #7", actionUrl });

async function inboxPositions() {
  const users = await db().user.findMany({ where: { id: { in: ["uma", "vic"] } }, orderBy: { id: "asc" } });
  return users.map((u) => [Number(u.notificationSeq), u.unreadCount, Number(u.inboxVersion)]);
}

describe("POST /api/v1/notifications refuses every open-redirect form and stores nothing", () => {
  const refused: [string, unknown, RegExp][] = [
    ["scheme-relative", "//evil.example/p", /must stay on https:\/\/herald\.test/],
    ["backslash after the slash", "/\\evil.example/p", /must stay on/],
    ["two backslashes", "/\\\\evil.example", /must stay on/],
    ["three slashes", "///evil.example", /must stay on/],
    ["a tab between the slashes", "/\t/evil.example", /control characters/],
    ["a newline between the slashes", "/\n/evil.example", /control characters/],
    ["a path that normalises to //host", "/.//evil.example", /starting with "\/\/"/],
    ["a leading space", " /leading-space", /space/],
    ["http without a host", "http://", /must have a valid host/],
    ["https without a host", "https://", /must have a valid host/],
    ["javascript:", "javascript:alert(1)", /only http: and https:/],
    ["JavaScript: in odd case", "JaVaScRiPt:alert(1)", /only http: and https:/],
    ["data:", "data:text/html,x", /only http: and https:/],
    ["mailto:", "mailto:someone@example.com", /only http: and https:/],
    ["a relative path", "tasks/234", /path starting with \//],
    ["credentials", "https://user:pw@allowed.example/", /username or password/],
    ["a user name that looks like the host", "https://allowed.example@evil.example/", /username or password/],
    ["a disallowed origin", "https://evil.example/p", /https:\/\/evil\.example is not allowed/],
    ["an allowed host on another port", "https://allowed.example:8443/", /not allowed/],
    ["over 2000 characters", `/${"a".repeat(2000)}`, /at most 2000 characters/],
    ["not a string", 42, /string/i],
  ];

  it.each(refused)("%s: %j", async (_name, actionUrl, reason) => {
    const before = await inboxPositions();
    const rowsBefore = await db().notification.count();
    const res = await publish(api, actionUrl);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body)).toEqual(["error"]);
    expect(res.body.error).toMatchObject({ code: "validation_failed", message: "The request is not valid" });
    expect(res.body.error.details).toEqual([{ path: "actionUrl", message: expect.stringMatching(reason) }]);
    expect(await db().notification.count()).toBe(rowsBefore);
    expect(await inboxPositions()).toEqual(before);
  });
});

describe("accepted action URLs are stored normalised", () => {
  const accepted: [string, string, string][] = [
    ["a path", "/tasks/234", "/tasks/234"],
    ["a path with query and fragment", "/ok?x=1#h", "/ok?x=1#h"],
    ["dot segments", "/a/b/../ok", "/a/ok"],
    ["encoded slashes stay a path", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["scheme-relative to PUBLIC_URL itself", "//herald.test/x", "/x"],
    ["an allowed origin", "https://allowed.example/x?y=1", "https://allowed.example/x?y=1"],
    ["an allowed origin in odd case", "HTTPS://ALLOWED.EXAMPLE/x", "https://allowed.example/x"],
    ["an allowlist entry written in capitals", "http://app.example:8080/a", "http://app.example:8080/a"],
    ["PUBLIC_URL's own origin", "https://herald.test/inbox", "https://herald.test/inbox"],
  ];

  it.each(accepted)("%s: %j", async (_name, actionUrl, stored) => {
    const res = await publish(api, actionUrl);
    expect(res.status).toBe(202);
    const ids = res.body.notifications.map((n: { id: string }) => n.id);
    const rows = await db().notification.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.actionUrl)).toEqual([stored, stored]);
  });

  it("delivers the normalised value to the recipient's socket", async () => {
    const { body } = await api.request("POST", "/api/v1/users/uma/token");
    const socket = await connectSocket(allowlisted.url, { token: body.token });
    sockets.push(socket);
    const received = collect(socket, "notification:new");
    const res = await publish(api, "/a/../b c?q=1");
    expect(res.status).toBe(202);
    const event = await waitFor(() => received[0]);
    expect(event.notification.actionUrl).toBe("/b%20c?q=1");
  });
});

describe("without ACTION_URL_ORIGINS the allowlist is PUBLIC_URL and ALLOWED_ORIGINS", () => {
  it("accepts PUBLIC_URL's origin and the socket origins", async () => {
    for (const actionUrl of [`${PUBLIC_URL}/x`, `${TEST_ORIGIN}/y`]) {
      const res = await publish(defaultsApi, actionUrl);
      expect(res.status, actionUrl).toBe(202);
      const row = await db().notification.findUniqueOrThrow({ where: { id: res.body.notifications[0].id } });
      expect(row.actionUrl).toBe(actionUrl);
    }
  });

  it("refuses any other origin, including one only the other server allows", async () => {
    const before = await db().notification.count();
    const res = await publish(defaultsApi, "https://allowed.example/x");
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: "actionUrl", message: expect.stringMatching(/not allowed/) }]);
    expect(await db().notification.count()).toBe(before);
  });
});
