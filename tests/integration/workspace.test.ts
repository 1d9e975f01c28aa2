// The demo workspace (server/workspace/) against a real server: who hears about a comment,
// a mention and an assignment, live on their sockets, with a link back to the task and the
// actor and task in `data`; that every publish goes through POST /api/v1/notifications with
// the app's own key (its requests are counted there, and revoking that key rotates it);
// and that bad input is a 4xx with field details, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "../../server/auth/api-keys.ts";
import { db } from "../../server/db/index.ts";
import { WORKSPACE_KEY_NAME } from "../../server/workspace/app-key.ts";
import type { NotificationNewPayload } from "../../lib/events.ts";
import { apiClient, collect, connectSocket, createUsers, eventually, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { parseMetrics, sampleValue } from "../support/prometheus.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest, userApi, type UserApi } from "../support/user-api.ts";

const METRICS_TOKEN = "metrics-token-workspace-0123456789";
const TASKS = "/api/v1/workspace/tasks";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const sockets: TestSocket[] = [];
let round = 0;

type Person = { id: string; name: string; client: UserApi; inbox: NotificationNewPayload[] };

/** Four people of their own per test: a user token each and a socket collecting arrivals. */
async function team(): Promise<Record<"alice" | "bob" | "carol" | "dave", Person>> {
  const tag = `${++round}-${Date.now()}`;
  const out = {} as Record<"alice" | "bob" | "carol" | "dave", Person>;
  for (const name of ["alice", "bob", "carol", "dave"] as const) {
    const id = `ws-${name}-${tag}`;
    await createUsers(id);
    const client = await userApi(server.url, api, id);
    const socket = await connectSocket(server.url, { token: client.token });
    sockets.push(socket);
    out[name] = { id, name: id, client, inbox: collect(socket, "notification:new") };
  }
  return out;
}

/** Everything that reached these people so far: a marker to each, waited for, closes the window. */
async function settle(...people: Person[]): Promise<void> {
  const markers = await publishMarker(api, ...people.map((p) => p.id));
  for (const p of people) await waitFor(() => p.inbox.some((n) => n.notification.id === markers[p.id]));
}

const received = (p: Person) => p.inbox.map((n) => n.notification).filter((n) => n.type !== "test.marker");

async function createTask(owner: Person, body: object = {}): Promise<{ id: string; number: number; title: string }> {
  const res = await owner.client.request("POST", TASKS, { title: `Task of ${owner.id}`, ...body });
  expect(res.status).toBe(201);
  return res.body.task;
}

async function publishRequests(): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return sampleValue(parseMetrics(await res.text()), "herald_http_requests_total", { route: "/api/v1/notifications", status: "202" }) ?? 0;
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, METRICS_TOKEN });
  api = await apiClient(server.url);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await database?.drop();
});

describe("who hears about what", () => {
  it("a comment reaches the owner and watchers, not the commenter; a mention reaches the mentioned person once", async () => {
    const { alice, bob, carol, dave } = await team();
    const task = await createTask(bob);
    expect((await dave.client.request("PUT", `${TASKS}/${task.number}/watch`)).body).toEqual({ watching: true });
    expect((await carol.client.request("PUT", `${TASKS}/${task.number}/watch`)).status).toBe(200);

    const res = await alice.client.request("POST", `${TASKS}/${task.number}/comments`, { body: `Looks good. @${carol.id} can you check the copy?` });
    expect(res.status).toBe(201);
    expect(res.body.comment.notified).toEqual({ mentioned: [carol.id], followers: [bob.id, dave.id] });
    await settle(alice, bob, carol, dave);

    expect(received(alice)).toEqual([]);
    const [toBob] = received(bob);
    expect(received(bob)).toHaveLength(1);
    expect(toBob).toMatchObject({
      type: "comment.created",
      title: `${alice.id} commented on Task #${task.number}: ${task.title}`,
      body: `Looks good. @${carol.id} can you check the copy?`,
      actionUrl: `/tasks/${task.number}`,
      data: { actor: { id: alice.id, name: alice.id }, task: { id: task.id, number: task.number, title: task.title }, taskId: task.id, commentId: res.body.comment.id },
    });
    expect(received(dave).map((n) => n.type)).toEqual(["comment.created"]);
    // Carol watches and is mentioned: the mention only.
    expect(received(carol)).toHaveLength(1);
    expect(received(carol)[0]).toMatchObject({
      type: "comment.mention",
      title: `${alice.id} mentioned you on Task #${task.number}: ${task.title}`,
      actionUrl: `/tasks/${task.number}`,
      data: { actor: { id: alice.id }, taskId: task.id },
    });

    // Alice now watches (she commented): Bob's reply reaches her, and the others, not him.
    await bob.client.request("POST", `${TASKS}/${task.number}/comments`, { body: "Thanks!" });
    await settle(alice, bob, carol, dave);
    expect(received(alice).map((n) => n.type)).toEqual(["comment.created"]);
    expect(received(bob)).toHaveLength(1);
    expect(received(carol).map((n) => n.type)).toEqual(["comment.mention", "comment.created"]);
  });

  it("a watcher who stops watching hears no more; the owner always does", async () => {
    const { alice, bob, carol } = await team();
    const task = await createTask(bob);
    await carol.client.request("PUT", `${TASKS}/${task.number}/watch`);
    expect((await carol.client.request("DELETE", `${TASKS}/${task.number}/watch`)).body).toEqual({ watching: false });
    expect((await bob.client.request("DELETE", `${TASKS}/${task.number}/watch`)).status).toBe(200);
    await alice.client.request("POST", `${TASKS}/${task.number}/comments`, { body: "Any news?" });
    await settle(bob, carol);
    expect(received(carol)).toEqual([]);
    expect(received(bob).map((n) => n.type)).toEqual(["comment.created"]);
  });

  it("an assignment reaches the assignee (task.assigned), not someone assigning themselves", async () => {
    const { alice, bob, carol } = await team();
    const task = await createTask(alice, { assigneeId: bob.id, description: "Before Friday" });
    await settle(alice, bob);
    expect(received(bob)).toHaveLength(1);
    expect(received(bob)[0]).toMatchObject({
      type: "task.assigned",
      title: `${alice.id} assigned you Task #${task.number}: ${task.title}`,
      body: "Before Friday",
      actionUrl: `/tasks/${task.number}`,
      data: { actor: { id: alice.id, name: alice.id }, task: { id: task.id, number: task.number }, taskId: task.id },
    });
    expect(received(alice)).toEqual([]);

    const reassigned = await alice.client.request("PUT", `${TASKS}/${task.number}/assignee`, { assigneeId: carol.id });
    expect(reassigned.body.task.assignee).toEqual({ id: carol.id, name: carol.id });
    await carol.client.request("PUT", `${TASKS}/${task.number}/assignee`, { assigneeId: carol.id });
    await settle(alice, bob, carol);
    expect(received(carol).map((n) => n.type)).toEqual(["task.assigned"]);
    expect(received(bob)).toHaveLength(1);
    // The assignee watches the task now.
    const detail = await alice.client.request("GET", `${TASKS}/${task.number}`);
    expect(detail.body.task.watchers.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([alice.id, bob.id, carol.id]));
  });
});

describe("a burst of comments", () => {
  it("counts up one item in the owner's bell, live: one notification:new, then an update per comment", async () => {
    const { alice, bob, carol, dave } = await team();
    const task = await createTask(bob);
    const socket = await connectSocket(server.url, { token: bob.client.token });
    sockets.push(socket);
    const created = collect(socket, "notification:new");
    const updated = collect(socket, "notification:updated");
    const commenters = [alice, carol, dave];
    for (let i = 0; i < 6; i++) {
      const res = await commenters[i % 3].client.request("POST", `${TASKS}/${task.number}/comments`, { body: `Comment ${i + 1}` });
      expect(res.status).toBe(201);
    }
    await waitFor(() => updated.length === 5);
    await settle(bob);
    const comments = created.filter((e) => e.notification.type === "comment.created");
    expect(comments).toHaveLength(1);
    const itemId = comments[0].notification.id;
    expect(comments[0].notification).toMatchObject({ title: `${alice.id} commented on Task #${task.number}: ${task.title}`, group: { count: 1 } });
    expect(updated.map((e) => [e.notification.id, e.notification.group?.count])).toEqual([2, 3, 4, 5, 6].map((n) => [itemId, n]));
    expect(updated.at(-1)!.notification).toMatchObject({
      title: `6 new comments on Task #${task.number}`,
      body: `${dave.id}, ${carol.id} and 1 other`,
      actionUrl: `/tasks/${task.number}`,
    });
    // One unread item for the whole burst.
    expect(updated.at(-1)!.unreadCount).toBe(comments[0].unreadCount);
  });
});

describe("publishing as a service", () => {
  it("goes through POST /api/v1/notifications with the app's own key; revoking that key rotates it", async () => {
    const { alice, bob } = await team();
    const key = await db().apiKey.findFirst({ where: { name: WORKSPACE_KEY_NAME, revokedAt: null } });
    expect(key).not.toBeNull();
    const task = await createTask(bob);
    const before = await publishRequests();
    await alice.client.request("POST", `${TASKS}/${task.number}/comments`, { body: "One" });
    expect(await publishRequests()).toBe(before + 1);
    await eventually(async () => (await db().apiKey.findUnique({ where: { id: key!.id } }))?.lastUsedAt);

    // An admin revokes the app's key: the next comment is still published, with a new key.
    // (On another task: a second comment on the same one would join the first's group item.)
    expect(await revokeApiKey(key!.id)).toBe(true);
    const other = await createTask(bob);
    await alice.client.request("POST", `${TASKS}/${other.number}/comments`, { body: "Two" });
    await settle(bob);
    expect(received(bob).map((n) => n.body)).toEqual(["One", "Two"]);
    const rotated = await db().appKey.findUnique({ where: { purpose: "workspace" }, include: { apiKey: true } });
    expect(rotated!.apiKeyId).not.toBe(key!.id);
    expect(rotated!.apiKey).toMatchObject({ name: WORKSPACE_KEY_NAME, revokedAt: null });
    // The secret is stored sealed, never in the clear nor as the key's hash.
    expect(rotated!.secretSealed).toMatch(/^v1\./);
    expect(server.output()).not.toContain(rotated!.secretSealed.slice(3, 20));
  });
});

describe("when the publish fails", () => {
  it("the comment is saved all the same, the failure logged, and a job publishes it once the API recovers", async () => {
    const { alice, bob } = await team();
    const task = await createTask(bob);
    // The API's own insert fails (500) for this one comment's notification, until the trigger goes.
    const marker = `fail-${Date.now()}`;
    await db().$executeRawUnsafe(`
      CREATE FUNCTION ws_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body LIKE '%${marker}%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER ws_refuse BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION ws_refuse()`);
    try {
      const res = await alice.client.request("POST", `${TASKS}/${task.number}/comments`, { body: `Saved whatever happens ${marker}` });
      expect(res.status).toBe(201);
      expect(await db().taskComment.count({ where: { id: res.body.comment.id } })).toBe(1);
      const logged = await waitFor(() => server.logs().find((l) => l.msg === "workspace notification failed; a job retries it"));
      expect(logged).toMatchObject({ level: "warn", type: "comment.created", recipients: 1, status: 500 });
    } finally {
      await db().$executeRawUnsafe("DROP TRIGGER ws_refuse ON notifications");
      await db().$executeRawUnsafe("DROP FUNCTION ws_refuse()");
    }
    // The workspace.publish job tries again (2 s, then backoff) and Bob gets it, once.
    await waitFor(() => received(bob).some((n) => n.body?.includes(marker)), 20_000);
    await settle(bob);
    expect(received(bob).filter((n) => n.body?.includes(marker))).toHaveLength(1);
  });
});

describe("bad input", () => {
  it("answers 4xx with field details, never 5xx, and stores hostile text as text", async () => {
    const { alice, bob } = await team();
    const task = await createTask(bob);
    const cases: [string, string, unknown, number, string?][] = [
      ["POST", TASKS, { title: "   " }, 422, "title"],
      ["POST", TASKS, {}, 422, "title"],
      ["POST", TASKS, { title: "x".repeat(201) }, 422, "title"],
      ["POST", TASKS, { title: "ok", assigneeId: "nobody-here" }, 422, "assigneeId"],
      ["POST", TASKS, { title: "ok", extra: 1 }, 422],
      ["POST", TASKS, { title: 42 }, 422, "title"],
      ["POST", TASKS, "not json", 400],
      ["POST", `${TASKS}/${task.number}/comments`, { body: "x".repeat(10_000) }, 422, "body"],
      ["POST", `${TASKS}/${task.number}/comments`, { body: "" }, 422, "body"],
      ["POST", `${TASKS}/${task.number}/comments`, { body: "bell\u0007" }, 422, "body"],
      ["POST", `${TASKS}/999999/comments`, { body: "hello" }, 404],
      ["POST", `${TASKS}/abc/comments`, { body: "hello" }, 404],
      ["GET", `${TASKS}/1e3`, undefined, 404],
      ["GET", `${TASKS}/99999999999999`, undefined, 404],
      ["GET", `${TASKS}/-1`, undefined, 404],
      ["PUT", `${TASKS}/${task.number}/assignee`, { assigneeId: "" }, 422, "assigneeId"],
      ["PUT", `${TASKS}/${task.number}/assignee`, {}, 422, "assigneeId"],
    ];
    for (const [method, path, body, status, field] of cases) {
      const res = await alice.client.request(method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      expect(res.body.error.code).toBeTypeOf("string");
      if (field) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const hostile = `<script>alert(1)</script> \u202Egnp.exe "; DROP TABLE tasks; -- 🎉`;
    const created = await alice.client.request("POST", TASKS, { title: hostile, description: hostile });
    expect(created.status).toBe(201);
    const comment = await alice.client.request("POST", `${TASKS}/${created.body.task.number}/comments`, { body: hostile });
    expect(comment.status).toBe(201);
    const detail = await alice.client.request("GET", `${TASKS}/${created.body.task.number}`);
    expect(detail.body.task).toMatchObject({ title: hostile, description: hostile, comments: [{ body: hostile }] });
  });

  it("refuses anonymous callers", async () => {
    for (const [method, path] of [["GET", TASKS], ["POST", TASKS], ["GET", "/api/v1/workspace/people"]]) {
      const res = await rawRequest(server.url, method, path, { body: method === "POST" ? { title: "x" } : undefined });
      expect(res.status).toBe(401);
    }
  });
});
