// Reconnecting during a storm: the catch-up brings the grouped items as they are now (never
// their parts), at their new positions; the client ends up with exactly what the feed API
// shows, with no gap and no duplicate.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { applyChange } from "../../components/inbox/list-reducer.ts";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, waitFor, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { connectedClient, dropAndRestore, settle } from "../support/reconnecting-client.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, userApi } from "../support/user-api.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, CATCH_UP_LIMIT: "50" });
  api = await apiClient(server.url);
  await createUsers("sid");
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

let actor = 0;
async function commentOn(task: number) {
  actor++;
  const res = await api.request("POST", "/api/v1/notifications", {
    recipients: ["sid"],
    type: "task.commented",
    title: `Person ${actor} commented`,
    data: { task: { id: `t${task}`, number: task, title: `Task ${task}` }, actor: { id: `p${actor}`, name: `Person ${actor}` } },
  });
  expect(res.status).toBe(202);
}

it("catches up with the grouped items after a drop in the middle of a storm: no gap, no duplicate", async () => {
  const c = await connectedClient({ api, cleanup }, server, "sid");
  let shown: NotificationDto[] = [];
  const news: string[] = [];
  c.client.subscribe({
    notification: (n) => {
      news.push(n.id);
      shown = applyChange(shown, { kind: "new", notification: n }, "all") as NotificationDto[];
    },
    updated: (n) => void (shown = applyChange(shown, { kind: "updated", notification: n }, "all") as NotificationDto[]),
  });

  for (const task of [1, 2, 3, 1, 2, 3]) await commentOn(task);
  await waitFor(() => shown.length === 3 && shown.every((n) => n.group?.count === 2));

  await dropAndRestore(c, async () => {
    for (let i = 0; i < 4; i++) for (const task of [1, 2, 3]) await commentOn(task);
    await commentOn(4);
    await commentOn(4);
  });
  const marker = await settle(c, api, "sid");

  const user = await userApi(server.url, api, "sid");
  const feed: NotificationDto[] = (await user.request("GET", `${ME}?limit=100`)).body.items;
  // Four grouped items and the marker: six counted up each of 1-3, two on 4.
  expect(feed.filter((n) => n.id !== marker).map((n) => [n.title, n.group?.count])).toEqual([
    ["2 new comments on Task #4", 2],
    ["6 new comments on Task #3", 6],
    ["6 new comments on Task #2", 6],
    ["6 new comments on Task #1", 6],
  ]);
  // The client shows exactly that: same items, same versions, same order, each once.
  expect(shown.map((n) => [n.id, n.version, n.seq])).toEqual(feed.map((n) => [n.id, n.version, n.seq]));
  expect(new Set(news).size).toBe(news.length);
  expect(news).toHaveLength(5);
  // Gapless: the client stands at the latest position, and the catch-up fitted (no reload).
  const stored = await db().user.findUniqueOrThrow({ where: { id: "sid" } });
  expect(c.client.position).toBe(Number(stored.notificationSeq));
  expect(c.resyncs).toHaveLength(0);
  await waitFor(() => c.client.inboxState.unreadCount === stored.unreadCount);
  expect(stored.unreadCount).toBe(5);
});
