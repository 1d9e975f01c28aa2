// Gapless catch-up: a client whose connection drops gets exactly what it missed when it
// comes back: the items themselves when few, one summary when many, never duplicates.
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { InboxClient } from "../../lib/inbox-client.ts";
import type { CatchUpPayload, NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, waitFor, type Api } from "../support/clients.ts";
import { startHerald, TEST_TOKEN_SECRET, type HeraldProcess } from "../support/herald-process.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, CATCH_UP_LIMIT: "20" });
  api = await apiClient(server.url);
  await createUsers("rita", "sam", "tess", "uma", "vera");
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

// Through the server's API, so that live events flow as in production.
const publishTo = async (userId: string, n: number, via: Api = api) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await via.request("POST", "/api/v1/notifications", { recipients: [userId], type: "t", title: `n${i}` });
    ids.push(res.body.notifications[0].id);
  }
  return ids;
};

/** A client that reaches the server through a proxy we can cut, recording what it sees. */
async function connectedClient(target: HeraldProcess, userId: string, getToken?: () => Promise<string>) {
  const proxy = await startTcpProxy(target.url);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const client = new InboxClient({
    url: proxy.url,
    getToken: getToken ?? (async () => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token),
    since: { lastSeq: Number(user.notificationSeq), version: Number(user.inboxVersion) },
    socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 400 },
  });
  const seen: NotificationDto[] = [];
  const resyncs: CatchUpPayload[] = [];
  let connects = 0;
  client.subscribe({
    notification: (n) => seen.push(n),
    resync: (p) => resyncs.push(p),
    connection: (up) => void (up && connects++),
  });
  await client.connect();
  await waitFor(() => connects === 1);
  cleanup.push(() => client.close(), () => proxy.close());
  return { client, proxy, seen, resyncs, connects: () => connects };
}

/** A barrier for "nothing more arrives": one more notification, waited for; anything sent before it has arrived. */
async function settle(c: { seen: NotificationDto[] }, userId: string, via: Api = api): Promise<string> {
  const [marker] = await publishTo(userId, 1, via);
  await waitFor(() => c.seen.some((n) => n.id === marker), 10_000);
  return marker;
}

async function dropAndRestore(c: { proxy: TcpProxy; client: InboxClient; connects: () => number }, whileDown: () => Promise<unknown>) {
  const before = c.connects();
  await c.proxy.cut();
  await waitFor(() => !c.client.socket.connected);
  await whileDown();
  await c.proxy.restore();
  await waitFor(() => c.connects() > before, 10_000);
}

describe("reconnect", () => {
  it("delivers exactly the 5 missed notifications, in order", async () => {
    const c = await connectedClient(server, "rita");
    let published: string[] = [];
    await dropAndRestore(c, async () => void (published = await publishTo("rita", 5)));
    await waitFor(() => c.seen.length === 5);
    const marker = await settle(c, "rita");
    expect(c.seen.map((n) => n.id)).toEqual([...published, marker]);
    expect(c.resyncs).toHaveLength(0);
    const user = await db().user.findUniqueOrThrow({ where: { id: "rita" } });
    await waitFor(() => c.client.inboxState.unreadCount === user.unreadCount);
  });

  it("sends one summary for 200 missed, and the first page over the API holds the newest", async () => {
    const c = await connectedClient(server, "sam");
    let published: string[] = [];
    await dropAndRestore(c, async () => void (published = await publishTo("sam", 200)));
    const summary = await waitFor(() => c.resyncs[0]);
    expect(summary).toMatchObject({ missed: null, missedCount: 200, reload: true, unreadCount: 200 });
    const token = (await api.request("POST", "/api/v1/users/sam/token")).body.token;
    const page = await (await fetch(`${server.url}/api/v1/me/notifications?limit=20`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(page.items.map((n: NotificationDto) => n.id)).toEqual(published.slice(-20).reverse());
    const marker = await settle(c, "sam");
    expect(c.seen.map((n) => n.id)).toEqual([marker]);
  });

  async function publishDuringReconnect(publishVia: HeraldProcess, connectTo: HeraldProcess, userId: string) {
    const publishApi = await apiClient(publishVia.url);
    const c = await connectedClient(connectTo, userId);
    const published: string[] = [];
    let running = true;
    const publisher = (async () => {
      while (running) {
        published.push(...(await publishTo(userId, 1, publishApi)));
      }
    })();
    // Waits on publishes, not on time, so a loaded machine only makes the test slower.
    await waitFor(() => published.length >= 3, 10_000);
    let publishedWhileDown = 0;
    await dropAndRestore(c, async () => {
      const before = published.length;
      await waitFor(() => published.length >= before + 3, 10_000);
      publishedWhileDown = published.length - before;
    });
    const atRestore = published.length;
    await waitFor(() => published.length >= atRestore + 3, 10_000);
    running = false;
    await publisher;
    await waitFor(() => c.seen.length >= published.length, 10_000);
    const marker = await settle(c, userId, publishApi);
    const ids = c.seen.map((n) => n.id).filter((id) => id !== marker);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...published].sort());
    // Publishing went on before the cut, while it was down, and after the reconnect.
    expect(publishedWhileDown).toBeGreaterThan(0);
    expect(published.length).toBeGreaterThan(atRestore);
  }

  it("loses nothing and repeats nothing when notifications keep coming during the reconnect", async () => {
    const wide = await startHerald({ DATABASE_URL: database.url, CATCH_UP_LIMIT: "500" });
    cleanup.push(() => wide.stop());
    await publishDuringReconnect(wide, wide, "tess");
  });

  it("does the same when publishing on one instance and reconnecting to another", async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), CATCH_UP_LIMIT: "500" };
    const [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
    cleanup.push(() => a.stop(), () => b.stop());
    await publishDuringReconnect(a, b, "vera");
  });

  it("fetches a fresh token when its token has expired, then catches up", async () => {
    let calls = 0;
    let firstExpiry = 0;
    const getToken = async () => {
      calls++;
      // The first token lives one second; the next ones are minted normally.
      if (calls > 1) return (await api.request("POST", "/api/v1/users/uma/token")).body.token as string;
      firstExpiry = Math.floor(Date.now() / 1000) + 1;
      return new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("uma")
        .setIssuer("herald")
        .setAudience("herald:user")
        .setExpirationTime(firstExpiry)
        .sign(new TextEncoder().encode(TEST_TOKEN_SECRET));
    };
    const c = await connectedClient(server, "uma", getToken);
    let published: string[] = [];
    await dropAndRestore(c, async () => {
      // Until the first token has expired (exp is in whole seconds).
      await waitFor(() => Math.floor(Date.now() / 1000) >= firstExpiry, 5000);
      published = await publishTo("uma", 3);
    });
    expect(calls).toBe(2);
    await waitFor(() => c.seen.length === 3);
    expect(c.seen.map((n) => n.id)).toEqual(published);
  });
});
