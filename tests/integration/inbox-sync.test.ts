// Every tab of a user follows every change made from any other: a mark read, unread or
// clear over the API reaches all of the user's sockets (and nobody else's) with the ids
// and the inbox state PostgreSQL committed, and under concurrent changes from several
// clients the event with the highest version carries the true unread count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, publishMany, storedInbox, storedRows, userApi, type UserApi } from "../support/user-api.ts";
import type { InboxState, NotificationNewPayload, ServerEventName, ServerEventPayload } from "../../lib/events.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const sockets: TestSocket[] = [];

type ChangeEvent = "notification:read" | "notification:unread" | "notification:cleared";
const CHANGE_EVENTS: ChangeEvent[] = ["notification:read", "notification:unread", "notification:cleared"];
type Received = { event: ServerEventName; payload: ServerEventPayload<ServerEventName> & InboxState };

/** One tab: a real socket recording every inbox event it receives, in arrival order. */
type Tab = { name: string; socket: TestSocket; events: Received[] };

async function openTab(user: UserApi, name: string): Promise<Tab> {
  const socket = await connectSocket(server.url, { token: user.token });
  sockets.push(socket);
  const events: Received[] = [];
  for (const event of ["notification:new", ...CHANGE_EVENTS] as const) {
    socket.on(event, ((payload: Received["payload"]) => events.push({ event, payload })));
  }
  return { name, socket, events };
}

const ofType = <E extends ChangeEvent>(tab: Tab, event: E, from = 0) =>
  tab.events.slice(from).filter((e) => e.event === event).map((e) => e.payload as ServerEventPayload<E>);

let amy: UserApi;
let bo: UserApi;
let tab1: Tab;
let tab2: Tab;
let boTab: Tab;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("amy", "bo");
  amy = await userApi(server.url, api, "amy");
  bo = await userApi(server.url, api, "bo");
  tab1 = await openTab(amy, "amy tab 1");
  tab2 = await openTab(amy, "amy tab 2");
  boTab = await openTab(bo, "bo");
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await database?.drop();
});

/** Waits until both of Amy's tabs have the event of her inbox's current version. */
async function tabsCaughtUp() {
  const { version } = await storedInbox("amy");
  await waitFor(() => [tab1, tab2].every((tab) => tab.events.some((e) => e.payload.version === version)));
}

/** Notifications of Amy's own for one test, read or not; her tabs have seen all of it. */
async function amysNew(count: number, read = false): Promise<string[]> {
  const ids = await publishMany(api, "amy", count);
  if (read) expect((await amy.request("POST", `${ME}/read`, { ids })).status).toBe(200);
  await tabsCaughtUp();
  return ids;
}

const gotMarker = (tab: Tab, id: string) =>
  tab.events.some((e) => e.event === "notification:new" && (e.payload as unknown as NotificationNewPayload).notification.id === id);

/**
 * A barrier for "nothing more arrives": a marker to Amy and Bo, waited for on every tab.
 * Had a tab got anything more before it, it would have arrived first.
 */
async function markerReached() {
  const marker = await publishMarker(api, "amy", "bo");
  await waitFor(() => gotMarker(tab1, marker.amy) && gotMarker(tab2, marker.amy) && gotMarker(boTab, marker.bo));
}

/**
 * Runs one change over the API and returns, for each of Amy's tabs, the one event of that
 * kind it received; checks that Bo's tab received nothing at all.
 */
async function changeAndObserve<E extends ChangeEvent>(event: E, change: () => Promise<{ status: number; body: any }>) {
  const marks = [tab1, tab2, boTab].map((t) => t.events.length);
  const res = await change();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const got = await Promise.all(
    [tab1, tab2].map((tab, i) => waitFor(() => ofType(tab, event, marks[i])[0])),
  );
  const stored = await storedInbox("amy");
  expect(stored.unreadCount).toBe(stored.unreadRows);
  for (const payload of got) {
    expect(payload.unreadCount).toBe(stored.unreadRows);
    expect(payload.version).toBe(stored.version);
    expect(payload.unreadCount).toBe(res.body.unreadCount);
    expect(payload.version).toBe(res.body.version);
  }
  expect(got[1]).toEqual(got[0]);
  // Exactly one event per tab, of that kind only (then the marker), and none for the other user.
  await markerReached();
  expect(tab1.events.slice(marks[0]).map((e) => e.event)).toEqual([event, "notification:new"]);
  expect(tab2.events.slice(marks[1]).map((e) => e.event)).toEqual([event, "notification:new"]);
  expect(boTab.events.slice(marks[2]).map((e) => e.event)).toEqual(["notification:new"]);
  return { res, payload: got[0] };
}

const sorted = (ids: string[]) => [...ids].sort();

// Each test makes the notifications it changes, so they hold in any order.
describe("one change, every tab", () => {
  it("tells both of Amy's tabs which notifications were read, and Bo nothing", async () => {
    const ids = await amysNew(3);
    const { res, payload } = await changeAndObserve("notification:read", () => amy.request("POST", `${ME}/read`, { ids }));
    expect(sorted(payload.ids)).toEqual(sorted(ids));
    expect(sorted(res.body.updated)).toEqual(sorted(payload.ids));
    const rows = await storedRows("amy");
    for (const id of payload.ids) expect(rows.find((r) => r.id === id)!.readAt).toBe(payload.readAt);
  });

  it("tells both tabs about a single read", async () => {
    const [id] = await amysNew(1);
    const { payload } = await changeAndObserve("notification:read", () => amy.request("POST", `${ME}/${id}/read`));
    expect(payload.ids).toEqual([id]);
  });

  it("tells both tabs which notifications became unread", async () => {
    const ids = await amysNew(2, true);
    const { payload } = await changeAndObserve("notification:unread", () => amy.request("POST", `${ME}/unread`, { ids }));
    expect(sorted(payload.ids)).toEqual(sorted(ids));
    const rows = await storedRows("amy");
    for (const id of payload.ids) expect(rows.find((r) => r.id === id)!.readAt).toBeNull();
  });

  it("tells both tabs about a single unread", async () => {
    const [id] = await amysNew(1, true);
    const { payload } = await changeAndObserve("notification:unread", () => amy.request("POST", `${ME}/${id}/unread`));
    expect(payload.ids).toEqual([id]);
  });

  it("lists only the ids that really changed", async () => {
    const [readAlready] = await amysNew(1, true);
    const [unread] = await amysNew(1);
    const { payload } = await changeAndObserve("notification:read", () => amy.request("POST", `${ME}/read`, { ids: [readAlready, unread] }));
    expect(payload.ids).toEqual([unread]);
  });

  it("tells both tabs about a cleared notification", async () => {
    const [id] = await amysNew(1);
    const { payload } = await changeAndObserve("notification:cleared", () => amy.request("DELETE", `${ME}/${id}`));
    expect(payload.ids).toEqual([id]);
    expect((await storedRows("amy")).some((r) => r.id === id)).toBe(false);
  });

  it("tells both tabs which notifications were cleared with clear all read", async () => {
    await amysNew(2, true);
    const readBefore = (await storedRows("amy")).filter((r) => r.readAt !== null).map((r) => r.id);
    const { res, payload } = await changeAndObserve("notification:cleared", () => amy.request("DELETE", `${ME}?status=read`));
    expect(sorted(payload.ids)).toEqual(sorted(readBefore));
    expect(sorted(res.body.cleared)).toEqual(sorted(readBefore));
    expect((await storedRows("amy")).every((r) => r.readAt === null)).toBe(true);
  });

  it("tells both tabs about read all", async () => {
    await amysNew(2);
    const unreadBefore = (await storedRows("amy")).filter((r) => r.readAt === null).map((r) => r.id);
    const { payload } = await changeAndObserve("notification:read", () => amy.request("POST", `${ME}/read`, { all: true }));
    expect(sorted(payload.ids)).toEqual(sorted(unreadBefore));
    expect(payload.unreadCount).toBe(0);
  });

  it("sends nothing and keeps the version when a request changes nothing", async () => {
    const [readOne] = await amysNew(1, true);
    const [cleared] = await amysNew(1);
    expect((await amy.request("DELETE", `${ME}/${cleared}`)).status).toBe(200);
    expect((await amy.request("POST", `${ME}/read`, { all: true })).status).toBe(200);
    await tabsCaughtUp();
    const before = await storedInbox("amy");
    expect(before.unreadRows).toBe(0);
    const marks = [tab1, tab2, boTab].map((t) => t.events.length);
    const answers = [
      await amy.request("POST", `${ME}/read`, { all: true }),
      await amy.request("POST", `${ME}/read`, { ids: [readOne] }),
      await amy.request("POST", `${ME}/unread`, { ids: [cleared] }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ updated: [], unreadCount: before.unreadCount, version: before.version });
    }
    expect(await storedInbox("amy")).toEqual(before);
    await markerReached();
    for (const [i, tab] of [tab1, tab2, boTab].entries()) expect(tab.events.slice(marks[i]).map((e) => e.event)).toEqual(["notification:new"]);
  });
});

describe("concurrent changes from several clients", () => {
  it("keeps the counter exact and lets every tab end on the true count by version", async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => userApi(server.url, api, "amy")));
    const ids = await publishMany(api, "amy", 30);
    // Some read before the storm, so unread and clear have something to do from the start.
    expect((await amy.request("POST", `${ME}/read`, { ids: ids.filter((_, i) => i % 3 === 0) })).status).toBe(200);
    const start = await storedInbox("amy");
    await waitFor(() => [tab1, tab2].every((t) => Math.max(...t.events.map((e) => e.payload.version)) === start.version));
    // The tabs' view before the storm: id -> read?
    const initialRows = await storedRows("amy");
    const marks = [tab1, tab2, boTab].map((t) => t.events.length);

    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (n: number) => Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]);
    // 40 requests: mostly bulk read and unread with overlapping ids, some single-id
    // changes, and clears and read-alls in the second half (so the inbox is not emptied
    // before the rest land), each half in a shuffled order.
    const shuffle = (list: string[]) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    };
    const light = shuffle([
      ...Array<string>(13).fill("read"), ...Array<string>(13).fill("unread"), ...Array<string>(4).fill("read one"), "unread one", "unread one",
    ]);
    const heavy = ["clear one", "clear one", "clear one", "clear one", "read all", "read all", "clear read", "clear read"];
    const kinds = [...light.slice(0, 16), ...shuffle([...light.slice(16), ...heavy])];
    expect(kinds).toHaveLength(40);
    const single = new Map<number, string>(); // request index -> the id in its path
    const requests = kinds.map((kind, i) => {
      const client = clients[i % clients.length];
      const one = pick(1)[0];
      if (kind.endsWith(" one")) single.set(i, one);
      switch (kind) {
        case "read": return () => client.request("POST", `${ME}/read`, { ids: pick(2 + Math.floor(random() * 6)) });
        case "unread": return () => client.request("POST", `${ME}/unread`, { ids: pick(2 + Math.floor(random() * 6)) });
        case "read one": return () => client.request("POST", `${ME}/${one}/read`);
        case "unread one": return () => client.request("POST", `${ME}/${one}/unread`);
        case "clear one": return () => client.request("DELETE", `${ME}/${one}`);
        case "read all": return () => client.request("POST", `${ME}/read`, { all: true });
        default: return () => client.request("DELETE", `${ME}?status=read`);
      }
    });
    const answers = await Promise.all(requests.map((r) => r()));

    const remaining = new Set((await storedRows("amy")).map((r) => r.id));
    for (const [i, res] of answers.entries()) {
      if (res.status === 404) {
        // Only a single-id request whose notification someone else cleared may miss.
        expect(single.has(i), JSON.stringify(res.body)).toBe(true);
        expect(remaining.has(single.get(i)!)).toBe(false);
      } else {
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }

    const end = await storedInbox("amy");
    expect(end.unreadCount).toBe(end.unreadRows);
    const changes = end.version - start.version;
    // Typically 15-30 of the 40 requests change something; far fewer means the storm tested little.
    expect(changes).toBeGreaterThanOrEqual(8);

    for (const [i, tab] of [tab1, tab2].entries()) {
      await waitFor(() => tab.events.slice(marks[i]).length >= changes, 5000).catch(() => undefined);
      const got = tab.events.slice(marks[i]);
      // One event per committed change: versions start+1 .. end, each exactly once.
      expect(got.map((e) => e.payload.version).sort((x, y) => x - y), tab.name).toEqual(
        Array.from({ length: changes }, (_, k) => start.version + 1 + k),
      );
      // The client rule: keep the state with the highest version.
      const newest = got.reduce((best, e) => (e.payload.version > best.payload.version ? e : best));
      expect(newest.payload.unreadCount, tab.name).toBe(end.unreadRows);

      // Replaying the events in version order from the view before the storm gives exactly
      // what PostgreSQL holds, and each event's count matches the replayed view.
      const view = new Map(initialRows.map((r) => [r.id, r.readAt !== null]));
      for (const { event, payload } of [...got].sort((x, y) => x.payload.version - y.payload.version)) {
        const p = payload as ServerEventPayload<ChangeEvent>;
        for (const id of p.ids) {
          expect(view.has(id), `${event} for ${id}, which the tab no longer has`).toBe(true);
          if (event === "notification:cleared") view.delete(id);
          else {
            const read = event === "notification:read";
            expect(view.get(id), `${event} for ${id}, which was already ${read ? "read" : "unread"}`).toBe(!read);
            view.set(id, read);
          }
        }
        expect(p.unreadCount, `unread count at version ${p.version}`).toBe([...view.values()].filter((r) => !r).length);
      }
      const rowsNow = await storedRows("amy");
      expect(new Map(rowsNow.map((r) => [r.id, r.readAt !== null]))).toEqual(view);
    }
    // A marker to Bo: had Bo's tab got anything of Amy's, it would have arrived first.
    const marker = await publishMarker(api, "bo");
    await waitFor(() => gotMarker(boTab, marker.bo));
    expect(boTab.events.slice(marks[2]).map((e) => e.event)).toEqual(["notification:new"]);
  });
});
