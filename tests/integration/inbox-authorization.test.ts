// The user API is scoped to the caller: another user's notifications can be neither seen
// nor changed, whether named in a path or slipped into a bulk request; requests without a
// valid user token are refused; malformed requests change nothing.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, collect, connectSocket, createUsers, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, TEST_TOKEN_SECRET, type HeraldProcess } from "../support/herald-process.ts";
import { sessionCookie } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, publish, rawRequest, storedInbox, storedRows, userApi, type HttpAnswer, type UserApi } from "../support/user-api.ts";
import type { NotificationDto } from "../../lib/events.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
let ann: UserApi; // A, whose notifications B goes after
let ben: UserApi; // B
const sockets: TestSocket[] = [];

// A's notifications: two unread, two read. B's: the same.
const a = { unread: [] as string[], read: [] as string[] };
const b = { unread: [] as string[], read: [] as string[] };

async function seed(user: UserApi, into: { unread: string[]; read: string[] }) {
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await publish(api, [user.userId], { type: i % 2 ? "beta" : "alpha", title: `${user.userId} ${i}` }))[user.userId]);
  const res = await user.request("POST", `${ME}/read`, { ids: ids.slice(2) });
  expect(res.status).toBe(200);
  into.unread.push(...ids.slice(0, 2));
  into.read.push(...ids.slice(2));
}

/** Everything stored about both users: rows with their read state, counter and version. */
async function snapshot() {
  return {
    ann: { rows: await storedRows("ann"), inbox: await storedInbox("ann") },
    ben: { rows: await storedRows("ben"), inbox: await storedInbox("ben") },
  };
}

function expectErrorShape(res: HttpAnswer, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body)).toEqual(["error"]);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("ann", "ben");
  ann = await userApi(server.url, api, "ann");
  ben = await userApi(server.url, api, "ben");
  await seed(ann, a);
  await seed(ben, b);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await database?.drop();
});

describe("reading", () => {
  it("never shows B any of A's notifications, whatever the filter or page size", async () => {
    const annIds = new Set((await storedRows("ann")).map((r) => r.id));
    const benIds = (await storedRows("ben")).map((r) => r.id);
    for (const status of ["all", "unread"]) {
      for (const type of [undefined, "alpha", "beta"]) {
        const seen: NotificationDto[] = [];
        let cursor: string | undefined;
        do {
          const q = new URLSearchParams({ status, limit: "1", ...(type ? { type } : {}), ...(cursor ? { cursor } : {}) });
          const res = await ben.request("GET", `${ME}?${q}`);
          expect(res.status).toBe(200);
          seen.push(...res.body.items);
          cursor = res.body.nextCursor ?? undefined;
        } while (cursor);
        expect(seen.length).toBeGreaterThan(0);
        for (const item of seen) {
          expect(annIds.has(item.id)).toBe(false);
          expect(item.userId).toBe("ben");
          expect(benIds).toContain(item.id);
        }
      }
    }
  });

  it("gives each user their own unread count", async () => {
    for (const user of [ann, ben]) {
      const res = await user.request("GET", `${ME}/unread-count`);
      expect(res.status).toBe(200);
      const stored = await storedInbox(user.userId);
      expect(res.body).toEqual({ unreadCount: stored.unreadRows, version: stored.version });
    }
  });
});

describe("changing another user's notifications by id", () => {
  const routes = (id: string): [string, string][] => [
    ["POST", `${ME}/${id}/read`],
    ["POST", `${ME}/${id}/unread`],
    ["DELETE", `${ME}/${id}`],
  ];

  it("answers 404 to B for each of A's notifications and changes nothing", async () => {
    const benSocket = await connectSocket(server.url, { token: ben.token });
    const annSocket = await connectSocket(server.url, { token: ann.token });
    sockets.push(benSocket, annSocket);
    const events = (["notification:read", "notification:unread", "notification:cleared"] as const).flatMap((e) => [
      collect(benSocket, e),
      collect(annSocket, e),
    ]);
    const before = await snapshot();
    for (const id of [...a.unread, ...a.read]) {
      for (const [method, path] of routes(id)) {
        const res = await ben.request(method, path);
        expectErrorShape(res, 404, "not_found");
      }
    }
    expect(await snapshot()).toEqual(before);
    // A barrier for "no event came": each flips one of their own notifications to unread
    // and back. Had a refused request above sent anything, it would have arrived first.
    for (const [user, id] of [[ben, b.read[0]], [ann, a.read[0]]] as const) {
      expect((await user.request("POST", `${ME}/${id}/unread`)).status).toBe(200);
      expect((await user.request("POST", `${ME}/${id}/read`)).status).toBe(200);
    }
    const [benRead, annRead] = events;
    await waitFor(() => benRead.length > 0 && annRead.length > 0);
    expect(events.map((got) => got.map((payload) => payload.ids))).toEqual([[[b.read[0]]], [[a.read[0]]], [[b.read[0]]], [[a.read[0]]], [], []]);
  });

  it("answers 404 to B for A's id written in upper case", async () => {
    const before = await snapshot();
    for (const id of [a.unread[0], a.read[0]]) {
      for (const [method, path] of routes(id.toUpperCase())) expectErrorShape(await ben.request(method, path), 404, "not_found");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    const before = await snapshot();
    for (const id of [randomUUID(), "not-a-uuid", "123", "00000000-0000-0000-0000-000000000000", `${a.unread[0]}x`]) {
      for (const [method, path] of routes(encodeURIComponent(id))) expectErrorShape(await ann.request(method, path), 404, "not_found");
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("changing another user's notifications in bulk", () => {
  it("marks read only B's own ids and lists A's as not found", async () => {
    const before = await snapshot();
    const unknown = randomUUID();
    const res = await ben.request("POST", `${ME}/read`, { ids: [b.unread[0], a.unread[0], unknown, a.unread[1]] });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([b.unread[0]]);
    expect([...res.body.notFound].sort()).toEqual([a.unread[0], unknown, a.unread[1]].sort());
    const after = await snapshot();
    expect(after.ann).toEqual(before.ann);
    expect(after.ben.rows.find((r) => r.id === b.unread[0])!.readAt).not.toBeNull();
    expect(res.body).toMatchObject({ unreadCount: after.ben.inbox.unreadRows, version: after.ben.inbox.version });
    expect(after.ben.inbox.unreadCount).toBe(after.ben.inbox.unreadRows);
    // Put B back as it was.
    expect((await ben.request("POST", `${ME}/unread`, { ids: [b.unread[0]] })).status).toBe(200);
  });

  it("marks unread only B's own ids and lists A's as not found", async () => {
    const before = await snapshot();
    const res = await ben.request("POST", `${ME}/unread`, { ids: [a.read[0], b.read[0], a.read[1]] });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([b.read[0]]);
    expect([...res.body.notFound].sort()).toEqual([a.read[0], a.read[1]].sort());
    const after = await snapshot();
    expect(after.ann).toEqual(before.ann);
    expect(after.ben.rows.find((r) => r.id === b.read[0])!.readAt).toBeNull();
    expect(after.ben.inbox.unreadCount).toBe(after.ben.inbox.unreadRows);
    expect((await ben.request("POST", `${ME}/read`, { ids: [b.read[0]] })).status).toBe(200);
  });

  it("answers 200 with nothing updated when every id is A's", async () => {
    const before = await snapshot();
    const res = await ben.request("POST", `${ME}/read`, { ids: a.unread });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([]);
    expect([...res.body.notFound].sort()).toEqual([...a.unread].sort());
    expect(res.body).toMatchObject({ unreadCount: before.ben.inbox.unreadCount, version: before.ben.inbox.version });
    expect(await snapshot()).toEqual(before);
  });

  it("reads all of B's notifications and none of A's with { all: true }", async () => {
    const before = await snapshot();
    const res = await ben.request("POST", `${ME}/read`, { all: true });
    expect(res.status).toBe(200);
    expect([...res.body.updated].sort()).toEqual([...b.unread].sort());
    expect(res.body.notFound).toEqual([]);
    const after = await snapshot();
    expect(after.ann).toEqual(before.ann);
    expect(after.ben.inbox).toMatchObject({ unreadCount: 0, unreadRows: 0 });
    expect((await ben.request("POST", `${ME}/unread`, { ids: b.unread })).status).toBe(200);
  });

  it("clears B's read notifications and none of A's", async () => {
    const before = await snapshot();
    const res = await ben.request("DELETE", `${ME}?status=read`);
    expect(res.status).toBe(200);
    expect([...res.body.cleared].sort()).toEqual([...b.read].sort());
    const after = await snapshot();
    expect(after.ann).toEqual(before.ann);
    expect(after.ben.rows.map((r) => r.id).sort()).toEqual([...b.unread].sort());
    expect(after.ben.inbox.unreadCount).toBe(after.ben.inbox.unreadRows);
    // B's read ones are gone: two new ones read in their place, for the tests that use them.
    const replacements: string[] = [];
    for (let i = 0; i < 2; i++) replacements.push((await publish(api, ["ben"], { type: i % 2 ? "beta" : "alpha", title: `ben again ${i}` })).ben);
    expect((await ben.request("POST", `${ME}/read`, { ids: replacements })).status).toBe(200);
    b.read.splice(0, b.read.length, ...replacements);
  });
});

describe("upper-case ids", () => {
  // UUIDs are case-insensitive, and the API accepts them in upper case. Whatever it
  // decides, its answer must agree with what it stored.
  it("never answers 404 to a single-id change it has made", async () => {
    const id = a.unread[0];
    try {
      const res = await ann.request("POST", `${ME}/${id.toUpperCase()}/read`);
      const row = (await storedRows("ann")).find((r) => r.id === id)!;
      if (res.status === 404) expect(row.readAt, "answered 404 but marked the notification read").toBeNull();
      else {
        expect(res.status).toBe(200);
        expect(row.readAt).not.toBeNull();
      }
      const inbox = await storedInbox("ann");
      expect(inbox.unreadCount).toBe(inbox.unreadRows);
    } finally {
      await ann.request("POST", `${ME}/unread`, { ids: [id] });
    }
  });

  it("never answers 404 to a single-id clear it has made", async () => {
    const id = (await publish(api, ["ann"], { type: "alpha", title: "to clear" })).ann;
    const res = await ann.request("DELETE", `${ME}/${id.toUpperCase()}`);
    const stillThere = (await storedRows("ann")).some((r) => r.id === id);
    if (res.status === 404) expect(stillThere, "answered 404 but deleted the notification").toBe(true);
    else {
      expect(res.status).toBe(200);
      expect(stillThere).toBe(false);
    }
    if (stillThere) await ann.request("DELETE", `${ME}/${id}`);
  });

  it("never reports an id as both updated and not found", async () => {
    const id = a.unread[1];
    try {
      const res = await ann.request("POST", `${ME}/read`, { ids: [id.toUpperCase()] });
      expect(res.status).toBe(200);
      const updated = res.body.updated.map((x: string) => x.toLowerCase());
      const notFound = res.body.notFound.map((x: string) => x.toLowerCase());
      expect(updated.filter((x: string) => notFound.includes(x))).toEqual([]);
    } finally {
      await ann.request("POST", `${ME}/unread`, { ids: [id] });
    }
  });
});

describe("authentication", () => {
  const everyRoute = (): [string, string, unknown?][] => [
    ["GET", ME],
    ["GET", `${ME}/unread-count`],
    ["POST", `${ME}/read`, { ids: [a.unread[0]] }],
    ["POST", `${ME}/read`, { all: true }],
    ["POST", `${ME}/unread`, { ids: [a.read[0]] }],
    ["POST", `${ME}/${a.unread[0]}/read`],
    ["POST", `${ME}/${a.read[0]}/unread`],
    ["DELETE", `${ME}/${a.read[0]}`],
    ["DELETE", `${ME}?status=read`],
  ];

  const sign = (options: { secret?: string; audience?: string; exp?: number; subject?: string }) =>
    new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(options.subject ?? "ann")
      .setIssuer("herald")
      .setAudience(options.audience ?? "herald:user")
      .setIssuedAt()
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60)
      .sign(new TextEncoder().encode(options.secret ?? TEST_TOKEN_SECRET));

  it("accepts a well-formed token signed like Herald's own (the control case)", async () => {
    const res = await rawRequest(server.url, "GET", `${ME}/unread-count`, { authorization: `Bearer ${await sign({})}` });
    expect(res.status).toBe(200);
  });

  it("refuses every route without credentials", async () => {
    const before = await snapshot();
    for (const [method, path, body] of everyRoute()) {
      const res = await rawRequest(server.url, method, path, { body });
      expectErrorShape(res, 401, "unauthorized");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("does not take an API key as a user token", async () => {
    const before = await snapshot();
    for (const [method, path, body] of everyRoute()) {
      const res = await rawRequest(server.url, method, path, { authorization: `Bearer ${api.key}`, body });
      expectErrorShape(res, 401, "unauthorized");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad and foreign tokens", async () => {
    const before = await snapshot();
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string][] = [
      ["garbage", "Bearer not-a-token"],
      ["another key", `Bearer ${await sign({ secret: "another-secret-that-is-long-enough-000000" })}`],
      ["another audience", `Bearer ${await sign({ audience: "someone-else" })}`],
      ["expired", `Bearer ${await sign({ exp: now - 10 })}`],
      ["a token over 4096 characters", `Bearer ${"x".repeat(5000)}`],
      ["another scheme", `Basic ${ann.token}`],
      ["the scheme alone", "Bearer"],
    ];
    for (const [name, authorization] of bad) {
      for (const [method, path, body] of everyRoute()) {
        const res = await rawRequest(server.url, method, path, { authorization, body });
        expect(res.status, `${name}: ${method} ${path}`).toBe(401);
        expectErrorShape(res, 401, "unauthorized");
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("browser sessions", () => {
  const cookieFor = async (sub: string) => (await sessionCookie(sub)).cookie;

  it("scopes a signed-in person to their own notifications", async () => {
    const cookie = await cookieFor("ben");
    const feed = await rawRequest(server.url, "GET", `${ME}?limit=100`, { headers: { cookie } });
    expect(feed.status).toBe(200);
    expect(feed.body.items.every((n: NotificationDto) => n.userId === "ben")).toBe(true);
    const before = await snapshot();
    const res = await rawRequest(server.url, "POST", `${ME}/${a.unread[0]}/read`, { headers: { cookie, origin: TEST_ORIGIN } });
    expectErrorShape(res, 404, "not_found");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a change sent with the cookie from a foreign origin", async () => {
    const cookie = await cookieFor("ann");
    const before = await snapshot();
    for (const [method, path, body] of [
      ["POST", `${ME}/read`, { all: true }],
      ["POST", `${ME}/${a.unread[0]}/read`, undefined],
      ["POST", `${ME}/unread`, { ids: [a.read[0]] }],
      ["DELETE", `${ME}/${a.read[0]}`, undefined],
      ["DELETE", `${ME}?status=read`, undefined],
    ] as const) {
      const res = await rawRequest(server.url, method, path, { body, headers: { cookie, origin: "http://evil.test" } });
      expectErrorShape(res, 403, "forbidden");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a forged session cookie", async () => {
    const forged = `next-auth.session-token=${await encode({ token: { sub: "ann" }, secret: "another-secret-that-is-long-enough-000000" })}`;
    const res = await rawRequest(server.url, "GET", ME, { headers: { cookie: forged } });
    expectErrorShape(res, 401, "unauthorized");
  });
});

describe("malformed requests change nothing", () => {
  const big = { ids: [randomUUID()], padding: "x".repeat(70 * 1024) };
  const cases: [string, string, string, unknown, Record<string, string>, number, string, string?][] = [
    ["read: malformed JSON", "POST", "read", "{ ids: [", {}, 400, "invalid_json"],
    ["read: an empty body", "POST", "read", "", {}, 400, "invalid_json"],
    ["read: a JSON array", "POST", "read", "[]", {}, 422, "validation_failed"],
    ["read: an empty object", "POST", "read", {}, {}, 422, "validation_failed"],
    ["read: no ids", "POST", "read", { ids: [] }, {}, 422, "validation_failed"],
    ["read: ids as a string", "POST", "read", { ids: "x" }, {}, 422, "validation_failed"],
    ["read: a malformed id", "POST", "read", { ids: ["not-a-uuid"] }, {}, 422, "validation_failed"],
    ["read: an own id next to a number", "POST", "read", () => ({ ids: [a.unread[0], 5] }), {}, 422, "validation_failed"],
    ["read: all: false", "POST", "read", { all: false }, {}, 422, "validation_failed"],
    ["read: all and ids", "POST", "read", () => ({ all: true, ids: [a.unread[0]] }), {}, 422, "validation_failed"],
    ["read: an unknown field", "POST", "read", () => ({ ids: [a.unread[0]], force: true }), {}, 422, "validation_failed"],
    ["read: over 1000 ids", "POST", "read", () => ({ ids: [a.unread[0], ...Array.from({ length: 1000 }, () => randomUUID())] }), {}, 422, "validation_failed"],
    ["read: text/plain", "POST", "read", () => JSON.stringify({ all: true }), { "content-type": "text/plain" }, 415, "unsupported_media_type"],
    ["read: a body over 64 KB", "POST", "read", big, {}, 413, "payload_too_large"],
    ["unread: all: true", "POST", "unread", { all: true }, {}, 422, "validation_failed"],
    ["unread: no ids", "POST", "unread", { ids: [] }, {}, 422, "validation_failed", "ids"],
    ["unread: a malformed id", "POST", "unread", () => ({ ids: [a.read[0], "nope"] }), {}, 422, "validation_failed", "ids.1"],
    ["unread: malformed JSON", "POST", "unread", "{", {}, 400, "invalid_json"],
    ["clear: no status", "DELETE", "", undefined, {}, 422, "validation_failed", "status"],
    ["clear: status=all", "DELETE", "?status=all", undefined, {}, 422, "validation_failed", "status"],
    ["clear: status=unread", "DELETE", "?status=unread", undefined, {}, 422, "validation_failed", "status"],
  ];

  it.each(cases)("%s", async (_name, method, suffix, body, headers, status, code, path) => {
    const before = await snapshot();
    const resolved = typeof body === "function" ? (body as () => unknown)() : body;
    const res = await ann.request(method, `${ME}${suffix && !suffix.startsWith("?") ? "/" : ""}${suffix}`, resolved, headers);
    expectErrorShape(res, status, code);
    if (code === "validation_failed") {
      expect(Array.isArray(res.body.error.details)).toBe(true);
      if (path !== undefined) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers a wrong method with 405 and the allowed ones", async () => {
    const res = await ann.request("PUT", `${ME}/read`, { all: true });
    expectErrorShape(res, 405, "method_not_allowed");
    expect((await storedInbox("ann")).unreadCount).toBeGreaterThan(0);
  });
});
