// An InboxClient behind a TCP proxy we can cut, recording what it sees, and the check that
// a reconnect loses nothing and repeats nothing while notifications keep coming. Shared by
// the reconnect tests (one Redis) and the Redis Cluster tests.
import { expect } from "vitest";
import { db } from "../../server/db/index.ts";
import { InboxClient } from "../../lib/inbox-client.ts";
import type { CatchUpPayload, NotificationDto } from "../../lib/events.ts";
import { apiClient, waitFor, type Api } from "./clients.ts";
import type { HeraldProcess } from "./herald-process.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

/** The API that mints tokens, and where a test registers what to close afterwards. */
export type ReconnectKit = { api: Api; cleanup: (() => unknown)[] };

export type ReconnectingClient = Awaited<ReturnType<typeof connectedClient>>;

// Through the server's API, so that live events flow as in production.
export async function publishTo(via: Api, userId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await via.request("POST", "/api/v1/notifications", { recipients: [userId], type: "t", title: `n${i}` });
    ids.push(res.body.notifications[0].id);
  }
  return ids;
}

export async function connectedClient(kit: ReconnectKit, target: HeraldProcess, userId: string, getToken?: () => Promise<string>) {
  const proxy = await startTcpProxy(target.url);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const client = new InboxClient({
    url: proxy.url,
    getToken: getToken ?? (async () => (await kit.api.request("POST", `/api/v1/users/${userId}/token`)).body.token),
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
  kit.cleanup.push(() => client.close(), () => proxy.close());
  return { client, proxy, seen, resyncs, connects: () => connects };
}

export async function dropAndRestore(c: { proxy: TcpProxy; client: InboxClient; connects: () => number }, whileDown: () => Promise<unknown>) {
  const before = c.connects();
  await c.proxy.cut();
  await waitFor(() => !c.client.socket.connected);
  await whileDown();
  await c.proxy.restore();
  await waitFor(() => c.connects() > before, 10_000);
}

/** Publishes one by one on `publishVia` before, during and after a reconnect to `connectTo`. */
export async function publishDuringReconnect(kit: ReconnectKit, publishVia: HeraldProcess, connectTo: HeraldProcess, userId: string) {
  const publishApi = await apiClient(publishVia.url);
  const c = await connectedClient(kit, connectTo, userId);
  const published: string[] = [];
  let running = true;
  const publisher = (async () => {
    while (running) {
      published.push(...(await publishTo(publishApi, userId, 1)));
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
  const marker = await settle(c, publishApi, userId);
  const ids = c.seen.map((n) => n.id).filter((id) => id !== marker);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...published].sort());
  // Publishing went on before the cut, while it was down, and after the reconnect.
  expect(publishedWhileDown).toBeGreaterThan(0);
  expect(published.length).toBeGreaterThan(atRestore);
}

/** A barrier for "nothing more arrives": one more notification, waited for; anything sent before it has arrived. */
export async function settle(c: { seen: NotificationDto[] }, api: Api, userId: string): Promise<string> {
  const [marker] = await publishTo(api, userId, 1);
  await waitFor(() => c.seen.some((n) => n.id === marker), 10_000);
  return marker;
}
