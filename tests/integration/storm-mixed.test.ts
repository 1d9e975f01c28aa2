// Group commit and storm control at once: grouped and plain publishes to one person, at the
// same moment, on two instances, with the rate limit on. Plain ones under the limit go with
// a group commit, grouped and digested ones take transactions of their own; all lock the
// person's row, so positions stay gapless and unique, one digest holds what the limit held
// back, and the unread count, the stored rows and the client's own count agree.
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { sql } from "../../server/db/index.ts";
import type { NotificationUpdatedPayload } from "../../lib/events.ts";
import { apiClient, connectSocket, createUsers, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, storedInbox, userApi } from "../support/user-api.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let apiB: Api;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), RATE_LIMIT_PER_MINUTE: "30" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  apiB = await apiClient(b.url);
  // The marker that closes the race is exempt from the limit: it arrives as an item of its own.
  expect((await api.request("PUT", "/api/v1/types/test.marker", { critical: true })).status).toBe(201);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("keeps positions gapless and unique, one digest, and every count in step when grouped and plain publishes race", async () => {
  await createUsers("mia");
  const { body } = await api.request("POST", "/api/v1/users/mia/token");
  const socket = await connectSocket(b.url, { token: body.token });
  sockets.push(socket);
  const events: (NotificationUpdatedPayload & { event: "new" | "updated" })[] = [];
  socket.on("notification:new", (p) => void events.push({ event: "new", ...p }));
  socket.on("notification:updated", (p) => void events.push({ event: "updated", ...p }));

  // 60 at once: 30 comments on three tasks (three items), 30 plain ones, half on each instance.
  const N = 60;
  const answers = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      (i % 2 ? apiB : api).request(
        "POST",
        "/api/v1/notifications",
        i % 2
          ? { recipients: ["mia"], type: "comment.created", title: `Comment ${i}`, data: { task: { id: `m${i % 3}`, number: i % 3 }, actor: { name: `Person ${i}` } } }
          : { recipients: ["mia"], type: "plain.thing", title: `Plain ${i}` },
      ),
    ),
  );
  expect(answers.map((r) => r.status)).toEqual(Array(N).fill(202));
  const marker = (await publishMarker(api, "mia")).mia;
  await waitFor(() => events.some((e) => e.notification.id === marker), 10_000);

  // Every position from 1 taken once (a new person starts at 0), none skipped, the last the stored one.
  const seqs = events.map((e) => e.notification.seq).sort((x, y) => x - y);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  const { rows: person } = await sql().query<{ seq: string }>("SELECT notification_seq AS seq FROM users WHERE id = 'mia'");
  expect(seqs.at(-1)).toBe(Number(person[0].seq));

  // The feed: the comment items, one digest, the plain ones that got through, the marker.
  const user = await userApi(a.url, api, "mia");
  const feed = (await user.request("GET", `${ME}?limit=100`)).body.items as { id: string; type: string; group: { count: number; digest: boolean } | null }[];
  const digests = feed.filter((n) => n.group?.digest);
  const grouped = feed.filter((n) => n.group && !n.group.digest);
  const alone = feed.filter((n) => !n.group && n.id !== marker);
  expect(digests).toHaveLength(1);
  // At most one item per task: a comment that found the minute used up went to the digest.
  expect(grouped.length).toBeLessThanOrEqual(3);
  // Exactly 30 reached mia individually (plain ones, and comments opening an item); the rest
  // were folded into an item or the digest.
  expect(alone.length + grouped.length).toBe(30);
  // Every one of the 60 (and the marker) is an item or a part of one, and can be opened.
  expect(feed.reduce((sum, n) => sum + (n.group ? n.group.count : 1), 0)).toBe(N + 1);
  for (const item of [...grouped, ...digests]) {
    const opened = await user.request("GET", `${ME}/${item.id}`);
    expect(opened.body.parts).toHaveLength(item.group!.count);
  }
  // Each grouped or digested notification is a part; its item is a row of its own.
  const { rows } = await sql().query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE user_id = 'mia'");
  expect(rows[0].n).toBe(N + 1 + grouped.length + digests.length);

  // The unread count: the stored counter, the unread rows and the client's latest all agree.
  const stored = await storedInbox("mia");
  const latest = events.reduce((m, e) => (e.version > m.version ? e : m));
  expect(stored.unreadCount).toBe(stored.unreadRows);
  expect(latest.unreadCount).toBe(stored.unreadCount);
  expect(stored.unreadCount).toBe(feed.length);
});
