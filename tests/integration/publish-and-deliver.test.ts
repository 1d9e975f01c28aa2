// Publish over HTTP -> committed row in PostgreSQL -> notification:new on the recipient's
// sockets, and on nobody else's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const sockets: TestSocket[] = [];

async function socketFor(userId: string) {
  const { body } = await api.request("POST", `/api/v1/users/${userId}/token`);
  const socket = await connectSocket(server.url, { token: body.token });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("alice", "bob");
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await database?.drop();
});

describe("publish and deliver", () => {
  it("stores the notification, then delivers it to the recipient only", async () => {
    const alice = await socketFor("alice");
    const bob = await socketFor("bob");
    const aliceGot = collect(alice, "notification:new");
    const bobGot = collect(bob, "notification:new");
    const unreadBefore = await db().notification.count({ where: { userId: "alice", readAt: null } });

    const res = await api.request("POST", "/api/v1/notifications", {
      recipients: ["alice"],
      type: "comment.created",
      title: "Bob commented on Task #234",
      body: "Looks good to me",
      data: { taskId: 234 },
      actionUrl: "/tasks/234",
    });
    expect(res.status).toBe(202);
    const [{ id, userId }] = res.body.notifications;
    expect(userId).toBe("alice");

    const row = await db().notification.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: "alice", type: "comment.created", title: "Bob commented on Task #234", readAt: null });
    expect(row.data).toEqual({ taskId: 234 });

    const event = await waitFor(() => aliceGot[0]);
    expect(event.notification).toMatchObject({ id, userId: "alice", title: "Bob commented on Task #234", actionUrl: "/tasks/234" });
    expect(event.notification.data).toEqual({ taskId: 234 });
    expect(event.unreadCount).toBe(unreadBefore + 1);

    // A marker to both after it: had either got something more, it would have come first.
    const marker = await publishMarker(api, "alice", "bob");
    await waitFor(() => bobGot.some((e) => e.notification.id === marker.bob) && aliceGot.some((e) => e.notification.id === marker.alice));
    expect(bobGot.map((e) => e.notification.id)).toEqual([marker.bob]);
    expect(aliceGot.map((e) => e.notification.id)).toEqual([id, marker.alice]);
  });

  it("delivers to every socket of a user, with the new unread count", async () => {
    const tab1 = await socketFor("bob");
    const tab2 = await socketFor("bob");
    const got1 = collect(tab1, "notification:new");
    const got2 = collect(tab2, "notification:new");

    const res = await api.request("POST", "/api/v1/notifications", { recipients: ["bob", "alice"], type: "mention", title: "You were mentioned" });
    expect(res.status).toBe(202);
    expect(res.body.notifications).toHaveLength(2);
    const bobsId = res.body.notifications.find((n: { userId: string }) => n.userId === "bob").id;

    for (const got of [got1, got2]) {
      const event = await waitFor(() => got[0]);
      expect(event.notification.id).toBe(bobsId);
      expect(event.unreadCount).toBe(await db().notification.count({ where: { userId: "bob", readAt: null } }));
    }
  });

  it("gives each user's notifications increasing positions", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.request("POST", "/api/v1/notifications", { recipients: ["alice"], type: "t", title: `n${i}` });
      ids.push(res.body.notifications[0].id);
    }
    const rows = await db().notification.findMany({ where: { id: { in: ids } } });
    const seqs = ids.map((id) => Number(rows.find((r) => r.id === id)!.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
  });

  it("keeps positions unique and the unread count exact under concurrent publishes", async () => {
    const before = await db().notification.count({ where: { userId: "bob" } });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api.request("POST", "/api/v1/notifications", { recipients: i % 2 ? ["bob", "alice"] : ["alice", "bob"], type: "t", title: `c${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 202)).toBe(true);
    for (const userId of ["alice", "bob"]) {
      const rows = await db().notification.findMany({ where: { userId }, select: { seq: true } });
      expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
      const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
      expect(user.unreadCount).toBe(await db().notification.count({ where: { userId, readAt: null } }));
      expect(Number(user.notificationSeq)).toBe(Math.max(...rows.map((r) => Number(r.seq))));
    }
    expect(await db().notification.count({ where: { userId: "bob" } })).toBe(before + 40);
  });
});
