// Grouping: comments on one task within the type's window become one inbox item that counts
// up live ("15 new comments on Task #234"), with one push per group and window; concurrent
// publishes on two instances still make one item; its parts stay retrievable.
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { sql } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, storedInbox, userApi } from "../support/user-api.ts";
import type { NotificationDto } from "../../lib/events.ts";

const TYPE = "comment.created";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  // Push and email too: a grouped item must not push or mail once per comment.
  const type = await api.request("PUT", `/api/v1/types/${TYPE}`, {
    displayName: "New comment",
    defaultChannels: ["in_app", "push", "email"],
    emailAfterSeconds: 300,
  });
  expect(type.status).toBe(201);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

const comment = (recipients: string[], i: number, task = 234, via = api) =>
  via.request("POST", "/api/v1/notifications", {
    recipients,
    type: TYPE,
    title: `Actor ${i} commented on Task #${task}`,
    body: `comment ${i}`,
    data: { task: { id: `t-${task}`, number: task, title: "Fix the login page" }, actor: { id: `a${i}`, name: `Actor ${i}` } },
    actionUrl: `/tasks/${task}`,
  });

async function socketFor(userId: string): Promise<TestSocket> {
  const { body } = await api.request("POST", `/api/v1/users/${userId}/token`);
  const socket = await connectSocket(b.url, { token: body.token });
  sockets.push(socket);
  return socket;
}

async function jobsFor(userId: string, name: string): Promise<number> {
  const { rows } = await sql().query<{ n: string }>(
    `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'notificationId' IN (SELECT id::text FROM notifications WHERE user_id = $2)`,
    [name, userId],
  );
  return Number(rows[0].n);
}

describe("15 comments on one task within the window", () => {
  it("make one item counting up live, one unread, one push, and a new item once the window closed", async () => {
    await createUsers("olive", "otto");
    const olive = await socketFor("olive"); // online: sees the events
    const created = collect(olive, "notification:new");
    const updated = collect(olive, "notification:updated");
    const before = await storedInbox("olive");

    const ids = new Set<string>();
    for (let i = 1; i <= 15; i++) {
      const res = await comment(["olive", "otto"], i);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      ids.add(res.body.notifications.find((n: { userId: string }) => n.userId === "olive").id);
    }
    expect(ids.size).toBe(1); // every publish answered with the same inbox item
    const [itemId] = ids;

    await waitFor(() => updated.length === 14);
    expect(created.map((e) => e.notification.id)).toEqual([itemId]);
    expect(created[0].notification).toMatchObject({ title: "Actor 1 commented on Task #234", group: { count: 1 } });
    const last = updated[13].notification;
    expect(last).toMatchObject({
      id: itemId,
      title: "15 new comments on Task #234",
      body: "Actor 15, Actor 14 and 13 others",
      readAt: null,
      version: 15,
      group: { count: 15, actors: ["Actor 15", "Actor 14", "Actor 13"], actorCount: 15, digest: false },
    });
    // Each update moved the item to a new position, in order, and raised the version.
    const seqs = updated.map((e) => e.notification.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seqs[0]).toBe(created[0].notification.seq + 1);
    // The unread count rose once for the group.
    expect(updated.map((e) => e.unreadCount)).toEqual(Array(14).fill(before.unreadCount + 1));
    expect(await storedInbox("olive")).toMatchObject({ unreadCount: before.unreadCount + 1, unreadRows: before.unreadRows + 1 });

    // The feed holds the item once, never its parts; the item lists all 15 parts.
    const user = await userApi(a.url, api, "olive");
    const feed = await user.request("GET", ME);
    expect(feed.body.items.map((n: NotificationDto) => n.id)).toEqual([itemId]);
    const item = await user.request("GET", `${ME}/${itemId}`);
    expect(item.status).toBe(200);
    expect(item.body.partCount).toBe(15);
    expect(item.body.parts.map((p: NotificationDto) => p.title)).toEqual(Array.from({ length: 15 }, (_, i) => `Actor ${15 - i} commented on Task #234`));
    // Another person's item is not found.
    expect((await (await userApi(a.url, api, "otto")).request("GET", `${ME}/${itemId}`)).status).toBe(404);

    // Offline otto: one push job for the whole group, at most one email.
    expect(await jobsFor("otto", "push.send")).toBe(1);
    expect(await jobsFor("otto", "email.send")).toBeLessThanOrEqual(1);

    // The window closes (its end moved into the past): the 16th starts a new item.
    await sql().query("UPDATE notifications SET window_ends_at = now() - interval '1 second' WHERE id = $1", [itemId]);
    const sixteenth = await comment(["olive"], 16);
    const newId = sixteenth.body.notifications[0].id;
    expect(newId).not.toBe(itemId);
    await waitFor(() => created.length === 2);
    expect(created[1].notification).toMatchObject({ id: newId, title: "Actor 16 commented on Task #234", group: { count: 1 } });
    expect(created[1].unreadCount).toBe(before.unreadCount + 2);
    // Nothing more came: a marker published after it arrives next.
    const marker = await publishMarker(api, "olive");
    await waitFor(() => created.some((e) => e.notification.id === marker.olive));
    expect(updated).toHaveLength(14);
  });

  it("count a read item up as unread again: the count rises once more", async () => {
    await createUsers("rhea");
    const user = await userApi(a.url, api, "rhea");
    const first = await comment(["rhea"], 1, 77);
    const itemId = first.body.notifications[0].id;
    expect((await user.request("POST", `${ME}/${itemId}/read`)).status).toBe(200);
    expect((await storedInbox("rhea")).unreadCount).toBe(0);
    await comment(["rhea"], 2, 77);
    expect(await storedInbox("rhea")).toMatchObject({ unreadCount: 1, unreadRows: 1 });
    const feed = await user.request("GET", ME);
    expect(feed.body.items).toHaveLength(1);
    expect(feed.body.items[0]).toMatchObject({ id: itemId, readAt: null, title: "2 new comments on Task #77", body: "Actor 2 and Actor 1" });
  });
});

it("makes one item with count 15 when the 15 arrive at once on two instances", async () => {
  await createUsers("cora");
  const apiB = await apiClient(b.url);
  const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => comment(["cora"], i + 1, 500, i % 2 ? apiB : api)));
  expect(answers.map((r) => r.status)).toEqual(Array(15).fill(202));
  expect(new Set(answers.map((r) => r.body.notifications[0].id)).size).toBe(1);
  const { rows } = await sql().query<{ id: string; group_info: { count: number }; parts: string }>(
    `SELECT id, group_info, (SELECT count(*) FROM notifications p WHERE p.group_id = n.id) AS parts
     FROM notifications n WHERE user_id = 'cora' AND seq IS NOT NULL`,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0].group_info.count).toBe(15);
  expect(Number(rows[0].parts)).toBe(15);
  expect(await storedInbox("cora")).toMatchObject({ unreadCount: 1, unreadRows: 1 });
});

it("groups by an explicit groupKey and refuses bad ones with 422", async () => {
  await createUsers("gil");
  const send = (groupKey: unknown, title = "Build failed") =>
    api.request("POST", "/api/v1/notifications", { recipients: ["gil"], type: "ci.build", title, groupKey });
  const one = await send("pipeline-7");
  const two = await send("pipeline-7", "Build failed again");
  expect(two.body.notifications[0].id).toBe(one.body.notifications[0].id);
  expect(two.body.notifications[0].partId).toEqual(expect.any(String));
  const user = await userApi(a.url, api, "gil");
  expect((await user.request("GET", ME)).body.items[0]).toMatchObject({ title: "2 new builds", group: { count: 2, key: "key:pipeline-7" } });

  for (const bad of ["x".repeat(256), "line\nbreak", "tab\there", "", "herald:digest", 42]) {
    const res = await send(bad);
    expect(res.status, JSON.stringify(bad)).toBe(422);
    expect(res.body.error.details[0].path).toBe("groupKey");
  }
});
