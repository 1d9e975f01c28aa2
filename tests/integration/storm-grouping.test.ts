// Grouping: comments on one task within the type's window become one inbox item that counts
// up live ("15 new comments on Task #234"), with one push and one email per group; after the
// window an unread item still takes them in (for up to 24 hours), a read one does not; the
// push shows the item as it stands when it is sent; concurrent publishes on two instances
// still make one item; its parts stay retrievable.
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { sql } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { startPushService, type PushService } from "../support/push-service.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, storedInbox, userApi } from "../support/user-api.ts";
import { createBrowserKeys, decryptPush, subscriptionJson } from "../support/web-push-crypto.ts";
import type { NotificationDto } from "../../lib/events.ts";

const TYPE = "comment.created";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let pushService: PushService;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  pushService = await startPushService();
  // The test's push service is on this machine, with its own certificate.
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), ALLOW_PRIVATE_NETWORK_TARGETS: "true", NODE_EXTRA_CA_CERTS: pushService.caPath };
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
  await pushService?.close();
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

/** The email deliveries decided for the person's notifications, by status. */
async function emailsFor(userId: string): Promise<{ status: string; n: number }[]> {
  const { rows } = await sql().query<{ status: string; n: number }>(
    `SELECT d.status::text AS status, count(*)::int AS n FROM deliveries d JOIN notifications n ON n.id = d.notification_id
     WHERE d.channel = 'email' AND n.user_id = $1 GROUP BY d.status`,
    [userId],
  );
  return rows;
}

async function jobsFor(userId: string, name: string): Promise<number> {
  const { rows } = await sql().query<{ n: string }>(
    `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'notificationId' IN (SELECT id::text FROM notifications WHERE user_id = $2)`,
    [name, userId],
  );
  return Number(rows[0].n);
}

describe("15 comments on one task within the window", () => {
  it("make one item counting up live, one unread, one push, one email; after the window it counts up while unread, and a new item starts once read", async () => {
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

    // Offline otto: one push job for the whole group, and one email decided (due in 300 s,
    // it sums up the group when it goes).
    expect(await jobsFor("otto", "push.send")).toBe(1);
    expect(await emailsFor("otto")).toEqual([{ status: "pending", n: 1 }]);

    // The window closes (its end moved into the past) while the item is unread: the 16th
    // still counts it up; olive has not looked since it arrived.
    await sql().query("UPDATE notifications SET window_ends_at = now() - interval '1 second' WHERE id = $1", [itemId]);
    const sixteenth = await comment(["olive"], 16);
    expect(sixteenth.body.notifications[0].id).toBe(itemId);
    await waitFor(() => updated.length === 15);
    expect(updated[14].notification).toMatchObject({ id: itemId, title: "16 new comments on Task #234", group: { count: 16 } });
    expect(updated[14].unreadCount).toBe(before.unreadCount + 1);

    // Once she has read it, the next one after the window starts a new item.
    expect((await user.request("POST", `${ME}/${itemId}/read`)).status).toBe(200);
    const seventeenth = await comment(["olive"], 17);
    const newId = seventeenth.body.notifications[0].id;
    expect(newId).not.toBe(itemId);
    await waitFor(() => created.length === 2);
    expect(created[1].notification).toMatchObject({ id: newId, title: "Actor 17 commented on Task #234", group: { count: 1 } });
    expect(created[1].unreadCount).toBe(before.unreadCount + 1);
    // Nothing more came: a marker published after it arrives next.
    const marker = await publishMarker(api, "olive");
    await waitFor(() => created.some((e) => e.notification.id === marker.olive));
    expect(updated).toHaveLength(15);
  });

  it("take in notifications after the window only while the item is unread, and for 24 hours at most", async () => {
    await createUsers("una");
    const first = await comment(["una"], 1, 61);
    const itemId = first.body.notifications[0].id;
    // Its window closed 23 hours ago: unread, so it still counts up.
    await sql().query("UPDATE notifications SET window_ends_at = now() - interval '23 hours' WHERE id = $1", [itemId]);
    expect((await comment(["una"], 2, 61)).body.notifications[0].id).toBe(itemId);
    // 25 hours ago: too old, unread or not; the next one starts a new item.
    await sql().query("UPDATE notifications SET window_ends_at = now() - interval '25 hours' WHERE id = $1", [itemId]);
    const third = await comment(["una"], 3, 61);
    expect(third.body.notifications[0].id).not.toBe(itemId);
    const feed = (await (await userApi(a.url, api, "una")).request("GET", ME)).body.items as NotificationDto[];
    expect(feed.map((n) => [n.title, n.group?.count])).toEqual([
      ["Actor 3 commented on Task #61", 1],
      ["2 new comments on Task #61", 2],
    ]);
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

it("pushes a grouped item once, at once, as it stands when the push is sent", async () => {
  await createUsers("pia"); // offline: pushed
  const user = await userApi(a.url, api, "pia");
  const keys = createBrowserKeys();
  const endpoint = "pia-phone";
  expect((await user.request("POST", "/api/v1/me/push-subscriptions", subscriptionJson(pushService.endpoint(endpoint), keys))).status).toBe(201);
  // The first attempt is refused (busy), so the job runs again a few seconds later.
  pushService.script(endpoint, [503, 201]);
  const pushed = () => pushService.received(endpoint).map((p) => JSON.parse(decryptPush(p.body, keys)) as { id: string; title: string; body: string; tag: string });

  const itemId = (await comment(["pia"], 1, 88)).body.notifications[0].id;
  // Sent at once, with the item as it was then: its first comment.
  await waitFor(() => pushed().length === 1, 10_000);
  expect(pushed()[0]).toMatchObject({ id: itemId, tag: itemId, title: "Actor 1 commented on Task #88" });
  for (let i = 2; i <= 4; i++) expect((await comment(["pia"], i, 88)).body.notifications[0].id).toBe(itemId);
  // The retry reads the item again: the summary, not the first comment; still one item, one job.
  await waitFor(() => pushed().length === 2, 30_000);
  expect(pushed()[1]).toMatchObject({ id: itemId, tag: itemId, title: "4 new comments on Task #88", body: "Actor 4, Actor 3 and 2 others" });
  expect(await jobsFor("pia", "push.send")).toBe(1);
});
