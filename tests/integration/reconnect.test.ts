// Gapless catch-up: a client whose connection drops gets exactly what it missed when it
// comes back: the items themselves when few, one summary when many, never duplicates.
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../../server/db/index.ts";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, createUsers, waitFor, type Api } from "../support/clients.ts";
import { startHerald, TEST_TOKEN_SECRET, type HeraldProcess } from "../support/herald-process.ts";
import { connectedClient, dropAndRestore, publishDuringReconnect, publishTo, settle, type ReconnectKit } from "../support/reconnecting-client.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
const cleanup: (() => unknown)[] = [];
let kit: ReconnectKit;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, CATCH_UP_LIMIT: "20" });
  api = await apiClient(server.url);
  kit = { api, cleanup };
  await createUsers("rita", "sam", "tess", "uma", "vera");
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const publish = (userId: string, n: number) => publishTo(api, userId, n);

describe("reconnect", () => {
  it("delivers exactly the 5 missed notifications, in order", async () => {
    const c = await connectedClient(kit, server, "rita");
    let published: string[] = [];
    await dropAndRestore(c, async () => void (published = await publish("rita", 5)));
    await waitFor(() => c.seen.length === 5);
    const marker = await settle(c, api, "rita");
    expect(c.seen.map((n) => n.id)).toEqual([...published, marker]);
    expect(c.resyncs).toHaveLength(0);
    const user = await db().user.findUniqueOrThrow({ where: { id: "rita" } });
    await waitFor(() => c.client.inboxState.unreadCount === user.unreadCount);
  });

  it("sends one summary for 200 missed, and the first page over the API holds the newest", async () => {
    const c = await connectedClient(kit, server, "sam");
    let published: string[] = [];
    await dropAndRestore(c, async () => void (published = await publish("sam", 200)));
    const summary = await waitFor(() => c.resyncs[0]);
    expect(summary).toMatchObject({ missed: null, missedCount: 200, reload: true, unreadCount: 200 });
    const token = (await api.request("POST", "/api/v1/users/sam/token")).body.token;
    const page = await (await fetch(`${server.url}/api/v1/me/notifications?limit=20`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(page.items.map((n: NotificationDto) => n.id)).toEqual(published.slice(-20).reverse());
    const marker = await settle(c, api, "sam");
    expect(c.seen.map((n) => n.id)).toEqual([marker]);
  });

  it("loses nothing and repeats nothing when notifications keep coming during the reconnect", async () => {
    const wide = await startHerald({ DATABASE_URL: database.url, CATCH_UP_LIMIT: "500" });
    cleanup.push(() => wide.stop());
    await publishDuringReconnect(kit, wide, wide, "tess");
  });

  it("does the same when publishing on one instance and reconnecting to another", async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), CATCH_UP_LIMIT: "500" };
    const [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
    cleanup.push(() => a.stop(), () => b.stop());
    await publishDuringReconnect(kit, a, b, "vera");
  });

  it("fetches a fresh token when its token has expired, then catches up", async () => {
    let calls = 0;
    let firstExpiry = 0;
    const getToken = async () => {
      calls++;
      // The first token lives one second; the next ones are minted normally.
      if (calls > 1) return (await api.request("POST", "/api/v1/users/uma/token")).body.token as string;
      return new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("uma")
        .setIssuer("herald")
        .setAudience("herald:user")
        .setExpirationTime((firstExpiry = Math.floor(Date.now() / 1000) + 1))
        .sign(new TextEncoder().encode(TEST_TOKEN_SECRET));
    };
    const c = await connectedClient(kit, server, "uma", getToken);
    let published: string[] = [];
    await dropAndRestore(c, async () => {
      // Until the first token has expired (exp is in whole seconds).
      await waitFor(() => Math.floor(Date.now() / 1000) >= firstExpiry, 5000);
      published = await publish("uma", 3);
    });
    expect(calls).toBe(2);
    await waitFor(() => c.seen.length === 3);
    expect(c.seen.map((n) => n.id)).toEqual(published);
  });
});
