// GET/PUT /api/v1/me/preferences: every type × channel with enabled and locked; changes
// all or none; critical channels stay on; one person's choices never touch another's; and
// what a choice does to a publish: in-app turned off means nothing on the socket, nothing
// in the feed, and the delivery log says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { signInOverHttp } from "../support/browser-session.ts";
import { apiClient, collect, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, TEST_ORIGIN, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson } from "../support/people.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, userApi, type UserApi } from "../support/user-api.ts";

const PREFS = "/api/v1/me/preferences";
type Pref = { type: string; channel: string; enabled: boolean; locked: boolean };

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const sockets: TestSocket[] = [];
let people = 0;

/** A person of their own for each test, so tests run in any order. */
async function someone(): Promise<UserApi> {
  const id = `pref-${++people}-${Date.now()}`;
  await createUsers(id);
  return userApi(server.url, api, id);
}

const find = (list: Pref[], type: string, channel: string) => list.find((p) => p.type === type && p.channel === channel);
const put = (who: UserApi, preferences: unknown) => who.request("PUT", PREFS, { preferences });

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  // Before any type exists, the screen says so (the only moment this database has none).
  const first = await createPerson(`pref-empty-${Date.now()}`);
  const { cookie } = await signInOverHttp(server.url, first.email, first.password);
  const empty = await (await fetch(`${server.url}/settings/notifications`, { headers: { cookie: cookie! } })).text();
  expect(empty).toContain("No notification types yet");
  const none = await (await userApi(server.url, api, first.id)).request("GET", PREFS);
  expect(none).toMatchObject({ status: 200, body: { preferences: [] } });
  const types: [string, object][] = [
    ["pref.normal", { displayName: "Normal things" }],
    ["pref.high", { displayName: "Urgent things", priority: "high" }],
    ["pref.critical", { displayName: "Outages", critical: true, defaultChannels: ["in_app", "email"] }],
    ["pref.quiet", { displayName: "Chatter" }],
  ];
  for (const [type, body] of types) expect((await api.request("PUT", `/api/v1/types/${type}`, body)).status).toBe(201);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await database?.drop();
});

describe("GET /api/v1/me/preferences", () => {
  it("lists every registered type × channel, defaulting from the type, critical channels locked", async () => {
    const me = await someone();
    const res = await me.request("GET", PREFS);
    expect(res.status).toBe(200);
    const list: Pref[] = res.body.preferences;
    const types: { type: string }[] = (await api.request("GET", "/api/v1/types")).body.types;
    expect(list.map((p) => `${p.type}/${p.channel}`).sort()).toEqual(types.flatMap((t) => ["email", "in_app", "push"].map((c) => `${t.type}/${c}`)).sort());

    expect(list.filter((p) => p.type === "pref.normal")).toEqual([
      { type: "pref.normal", channel: "in_app", enabled: true, locked: false },
      { type: "pref.normal", channel: "push", enabled: false, locked: false },
      { type: "pref.normal", channel: "email", enabled: false, locked: false },
    ]);
    expect(list.filter((p) => p.type === "pref.high").every((p) => p.enabled && !p.locked)).toBe(true);
    expect(list.filter((p) => p.type === "pref.critical")).toEqual([
      { type: "pref.critical", channel: "in_app", enabled: true, locked: true },
      { type: "pref.critical", channel: "push", enabled: false, locked: false },
      { type: "pref.critical", channel: "email", enabled: true, locked: true },
    ]);
  });

  it("is for people, not services", async () => {
    expect((await api.request("GET", PREFS)).status).toBe(401);
  });
});

describe("PUT /api/v1/me/preferences", () => {
  it("changes the given switches and answers the whole new list", async () => {
    const me = await someone();
    const before: Pref[] = (await me.request("GET", PREFS)).body.preferences;
    const res = await put(me, [
      { type: "pref.high", channel: "email", enabled: false },
      { type: "pref.normal", channel: "push", enabled: true },
    ]);
    expect(res.status).toBe(200);
    const after: Pref[] = res.body.preferences;
    expect(find(after, "pref.high", "email")).toMatchObject({ enabled: false });
    expect(find(after, "pref.normal", "push")).toMatchObject({ enabled: true });
    const changed = (p: Pref) => (p.type === "pref.high" && p.channel === "email") || (p.type === "pref.normal" && p.channel === "push");
    expect(after.filter((p) => !changed(p))).toEqual(before.filter((p) => !changed(p)));
    expect((await me.request("GET", PREFS)).body.preferences).toEqual(after);

    // And back: the type's default again.
    const back = await put(me, [{ type: "pref.high", channel: "email", enabled: true }]);
    expect(find(back.body.preferences, "pref.high", "email")).toMatchObject({ enabled: true });
  });

  it("accepts a session cookie from an allowed origin only", async () => {
    const person = await createPerson(`pref-cookie-${Date.now()}`);
    const { cookie } = await signInOverHttp(server.url, person.email, person.password);
    const body = JSON.stringify({ preferences: [{ type: "pref.high", channel: "push", enabled: false }] });
    const send = (origin: string) =>
      fetch(server.url + PREFS, { method: "PUT", headers: { cookie: cookie!, origin, "content-type": "application/json" }, body });

    expect((await send("http://evil.test")).status).toBe(403);
    expect(await db().preference.count({ where: { userId: person.id } })).toBe(0);
    const ok = await send(TEST_ORIGIN);
    expect(ok.status).toBe(200);
    expect(find(((await ok.json()) as { preferences: Pref[] }).preferences, "pref.high", "push")).toMatchObject({ enabled: false });

    // The screen renders the same list on the server.
    const page = await fetch(`${server.url}/settings/notifications`, { headers: { cookie: cookie! } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of ["Notification settings", "Urgent things", "Outages", "Push for Urgent things"]) expect(html).toContain(text);
  });

  it.each([
    ["an unknown type", { preferences: [{ type: "pref.nope", channel: "email", enabled: false }] }, ["preferences.0.type"]],
    ["an unknown channel", { preferences: [{ type: "pref.high", channel: "sms", enabled: false }] }, ["preferences.0.channel"]],
    ["a missing switch position", { preferences: [{ type: "pref.high", channel: "email" }] }, ["preferences.0.enabled"]],
    ["a position that is not a boolean", { preferences: [{ type: "pref.high", channel: "email", enabled: "no" }] }, ["preferences.0.enabled"]],
    ["no list", {}, ["preferences"]],
    ["an empty list", { preferences: [] }, ["preferences"]],
    ["an unknown field", { preferences: [{ type: "pref.high", channel: "email", enabled: false }], all: true }, [""]],
    [
      "one valid and one invalid item",
      { preferences: [{ type: "pref.high", channel: "email", enabled: false }, { type: "pref.nope", channel: "push", enabled: true }] },
      ["preferences.1.type"],
    ],
    [
      "a critical type's default channel turned off, beside a valid item",
      { preferences: [{ type: "pref.normal", channel: "push", enabled: true }, { type: "pref.critical", channel: "email", enabled: false }] },
      ["preferences.1.enabled"],
    ],
  ])("refuses %s with 422 and writes nothing", async (_, body, paths) => {
    const me = await someone();
    const before = (await me.request("GET", PREFS)).body.preferences;
    const res = await me.request("PUT", PREFS, body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    expect((await me.request("GET", PREFS)).body.preferences).toEqual(before);
    expect(await db().preference.count({ where: { userId: me.userId } })).toBe(0);
  });

  it("keeps a critical type's default channels on, and lets people add others", async () => {
    const me = await someone();
    for (const channel of ["in_app", "email"]) {
      const res = await put(me, [{ type: "pref.critical", channel, enabled: false }]);
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].message).toContain("Outages is critical");
    }
    const res = await put(me, [
      { type: "pref.critical", channel: "push", enabled: true },
      { type: "pref.critical", channel: "email", enabled: true },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.preferences.filter((p: Pref) => p.type === "pref.critical").map((p: Pref) => p.enabled)).toEqual([true, true, true]);
  });

  it("never changes another person's preferences", async () => {
    const ann = await someone();
    const ben = await someone();
    const bensBefore = (await ben.request("GET", PREFS)).body.preferences;
    expect((await put(ann, [{ type: "pref.high", channel: "email", enabled: false }])).status).toBe(200);
    expect((await ben.request("GET", PREFS)).body.preferences).toEqual(bensBefore);
    expect((await put(ben, [{ type: "pref.high", channel: "push", enabled: false }])).status).toBe(200);
    const anns: Pref[] = (await ann.request("GET", PREFS)).body.preferences;
    expect(find(anns, "pref.high", "email")).toMatchObject({ enabled: false });
    expect(find(anns, "pref.high", "push")).toMatchObject({ enabled: true });
  });
});

describe("what a preference does to a publish", () => {
  it("in-app turned off: 202, nothing on the socket, not in the feed, logged as skipped", async () => {
    const quiet = await someone();
    const other = await someone();
    expect((await put(quiet, [{ type: "pref.quiet", channel: "in_app", enabled: false }])).status).toBe(200);
    const connect = async (who: UserApi) => {
      const socket = await connectSocket(server.url, { token: who.token });
      sockets.push(socket);
      return collect(socket, "notification:new");
    };
    const quietGot = await connect(quiet);
    const otherGot = await connect(other);

    const res = await api.request("POST", "/api/v1/notifications", { recipients: [quiet.userId, other.userId], type: "pref.quiet", title: "Chatter" });
    expect(res.status).toBe(202);
    const idOf = (userId: string) => res.body.notifications.find((n: { userId: string }) => n.userId === userId).id as string;

    // The other recipient (defaults) gets it live; for the quiet one a marker after it shows nothing else came.
    await waitFor(() => otherGot.some((e) => e.notification.id === idOf(other.userId)));
    const marker = await publishMarker(api, quiet.userId);
    await waitFor(() => quietGot.some((e) => e.notification.id === marker[quiet.userId]));
    expect(quietGot.map((e) => e.notification.id)).toEqual([marker[quiet.userId]]);

    const feed = (await quiet.request("GET", `${ME}?limit=100`)).body.items.map((n: { id: string }) => n.id);
    expect(feed).toEqual([marker[quiet.userId]]);

    const deliveries = (await api.request("GET", `/api/v1/notifications/${idOf(quiet.userId)}/deliveries`)).body.deliveries;
    expect(deliveries.find((d: { channel: string }) => d.channel === "in_app")).toMatchObject({ status: "skipped", reason: "turned off in preferences" });
    const others = (await api.request("GET", `/api/v1/notifications/${idOf(other.userId)}/deliveries`)).body.deliveries;
    expect(others.find((d: { channel: string }) => d.channel === "in_app")).toMatchObject({ status: "sent" });
  });
});
