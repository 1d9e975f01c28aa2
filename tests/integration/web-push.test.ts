// Web Push end to end: a browser's subscription stored through the user API, a publish to a
// person with no live connection, the push.send job, and a real HTTPS push service started
// here that records what arrives. The test decrypts each push with the subscription's own
// keys (RFC 8291, tests/support/web-push-crypto.ts) and checks the VAPID signature.
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../server/db/index.ts";
import { setUserDisabled } from "../../server/users/disable-user.ts";
import { apiClient, connectSocket, createUsers, eventually, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { startPushService, type PushService } from "../support/push-service.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { userApi, type UserApi } from "../support/user-api.ts";
import { createBrowserKeys, decryptPush, subscriptionJson, verifyVapid, type BrowserKeys } from "../support/web-push-crypto.ts";

const SUBSCRIPTIONS = "/api/v1/me/push-subscriptions";
const TYPE = "test.urgent";

let service: PushService;
beforeAll(async () => {
  service = await startPushService();
});
afterAll(() => service?.close());

type Delivery = { channel: string; status: string; reason: string; attempts: number };

/** One person with their own id, a user-token client, and browsers subscribed by endpoint name. */
async function person(herald: HeraldProcess, api: Api): Promise<UserApi> {
  const id = `p-${randomUUID().slice(0, 8)}`;
  await createUsers(id);
  return userApi(herald.url, api, id);
}

async function subscribe(user: UserApi, endpoint: string): Promise<BrowserKeys> {
  const keys = createBrowserKeys();
  const res = await user.request("POST", SUBSCRIPTIONS, subscriptionJson(endpoint, keys));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return keys;
}

async function publish(api: Api, userId: string, fields: { title?: string; body?: string; actionUrl?: string } = {}): Promise<string> {
  const res = await api.request("POST", "/api/v1/notifications", { recipients: [userId], type: TYPE, title: "Deploy failed", ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.notifications[0].id;
}

async function pushDelivery(api: Api, id: string): Promise<Delivery> {
  const res = await api.request("GET", `/api/v1/notifications/${id}/deliveries`);
  return (res.body.deliveries as Delivery[]).find((d) => d.channel === "push")!;
}

/** The push delivery once it has left "pending" (and, optionally, reached `status`). */
function settled(api: Api, id: string, status?: string, timeoutMs = 10_000): Promise<Delivery> {
  return eventually(async () => {
    const d = await pushDelivery(api, id);
    return d.status !== "pending" && (!status || d.status === status) && d;
  }, timeoutMs);
}

describe("web push through a push service (ALLOW_PRIVATE_NETWORK_TARGETS for the test service)", () => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let api: Api;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    herald = await startHerald({ DATABASE_URL: database.url, ALLOW_PRIVATE_NETWORK_TARGETS: "true", NODE_EXTRA_CA_CERTS: service.caPath });
    api = await apiClient(herald.url);
    const type = await api.request("PUT", `/api/v1/types/${TYPE}`, { priority: "high", defaultChannels: ["in_app", "push"] });
    expect(type.status).toBe(201);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await herald?.stop();
    await database?.drop();
  });

  it("sends an offline person exactly one push, which their browser can decrypt", async () => {
    const alice = await person(herald, api);
    const keys = await subscribe(alice, service.endpoint(`${alice.userId}-phone`));
    const id = await publish(api, alice.userId, { title: "Deploy failed on main", body: "Step 3 of 5", actionUrl: "/deploys/42?tab=log" });

    const delivery = await settled(api, id);
    expect(delivery).toMatchObject({ status: "sent", reason: "sent to 1 of 1 browser", attempts: 1 });
    const pushes = service.received(`${alice.userId}-phone`);
    expect(pushes).toHaveLength(1);
    expect(JSON.parse(decryptPush(pushes[0].body, keys))).toEqual({
      id,
      type: TYPE,
      title: "Deploy failed on main",
      body: "Step 3 of 5",
      url: "/deploys/42?tab=log",
      tag: id,
      icon: "/icons/icon-192.png",
      badge: "/icons/badge-72.png",
    });
    expect(pushes[0].headers).toMatchObject({ "content-encoding": "aes128gcm", urgency: "high", ttl: "86400" });
    // Signed with the key the server gives browsers to subscribe with.
    const { body } = await alice.request("GET", SUBSCRIPTIONS);
    const vapid = verifyVapid(pushes[0].headers.authorization);
    expect(vapid.publicKey).toBe(body.vapidPublicKey);
    expect(vapid.claims.aud).toBe(service.origin);
    expect(body.subscriptions[0].lastUsedAt).not.toBeNull();
  });

  it("sends no push to a person who is online: the app shows it", async () => {
    const bob = await person(herald, api);
    await subscribe(bob, service.endpoint(`${bob.userId}-laptop`));
    sockets.push(await connectSocket(herald.url, { token: bob.token }));
    const id = await publish(api, bob.userId);

    expect(await pushDelivery(api, id)).toMatchObject({ status: "skipped", reason: "person online: shown in the app", attempts: 0 });
    // Decided at publish: no push job exists for it, so none can arrive later.
    const { rows } = await sql().query("SELECT 1 FROM pgboss.job WHERE name = 'push.send' AND data->>'notificationId' = $1", [id]);
    expect(rows).toHaveLength(0);
    expect(service.received(`${bob.userId}-laptop`)).toHaveLength(0);
  });

  it("deletes a subscription the push service answers 410 for, and says so", async () => {
    const carol = await person(herald, api);
    const endpoint = service.endpoint(`${carol.userId}-old`);
    service.script(`${carol.userId}-old`, [410]);
    await subscribe(carol, endpoint);
    const id = await publish(api, carol.userId);

    expect(await settled(api, id)).toMatchObject({ status: "failed", reason: "every subscription had expired (1), removed" });
    expect(service.received(`${carol.userId}-old`)).toHaveLength(1);
    expect((await carol.request("GET", SUBSCRIPTIONS)).body.subscriptions).toEqual([]);
  });

  it("reaches the browsers that still exist when another has expired", async () => {
    const dan = await person(herald, api);
    service.script(`${dan.userId}-gone`, [404]);
    await subscribe(dan, service.endpoint(`${dan.userId}-gone`));
    const keys = await subscribe(dan, service.endpoint(`${dan.userId}-ok`));
    const id = await publish(api, dan.userId, { title: "Two browsers" });

    expect(await settled(api, id)).toMatchObject({ status: "sent", reason: "sent to 1 of 2 browsers (1 expired, removed)" });
    expect(JSON.parse(decryptPush(service.received(`${dan.userId}-ok`)[0].body, keys))).toMatchObject({ title: "Two browsers" });
    const left = (await dan.request("GET", SUBSCRIPTIONS)).body.subscriptions as { endpoint: string }[];
    expect(left.map((s) => s.endpoint)).toEqual([service.endpoint(`${dan.userId}-ok`)]);
  });

  it("retries with backoff after a 429, then sends", async () => {
    const erin = await person(herald, api);
    service.script(`${erin.userId}-busy`, [429, 201]);
    const keys = await subscribe(erin, service.endpoint(`${erin.userId}-busy`));
    const id = await publish(api, erin.userId, { title: "Retried" });

    expect(await settled(api, id, "retrying")).toMatchObject({ reason: expect.stringMatching(/^retrying: push service answered 429/), attempts: 1 });
    // pg-boss's first retry comes 5-10 s later (retryDelay 5, with backoff).
    expect(await settled(api, id, "sent", 30_000)).toMatchObject({ reason: "sent to 1 of 1 browser", attempts: 2 });
    const pushes = service.received(`${erin.userId}-busy`);
    expect(pushes).toHaveLength(2);
    for (const push of pushes) expect(JSON.parse(decryptPush(push.body, keys))).toMatchObject({ id, title: "Retried" });
  }, 60_000);

  it("skips people without a subscription, and disabled people", async () => {
    const frank = await person(herald, api);
    expect(await settled(api, await publish(api, frank.userId))).toMatchObject({ status: "skipped", reason: "no push subscription" });
    const gina = await person(herald, api);
    await subscribe(gina, service.endpoint(`${gina.userId}-tab`));
    await setUserDisabled(gina.userId, true);
    expect(await settled(api, await publish(api, gina.userId))).toMatchObject({ status: "skipped", reason: "recipient disabled" });
    expect(service.received(`${gina.userId}-tab`)).toHaveLength(0);
  });

  it("stores a browser once, moves it to whoever subscribes with it next, and removes it on request", async () => {
    const [hana, ivan] = [await person(herald, api), await person(herald, api)];
    const endpoint = service.endpoint(`${hana.userId}-shared`);
    const keys = createBrowserKeys();
    const first = await hana.request("POST", SUBSCRIPTIONS, subscriptionJson(endpoint, keys));
    expect(first.status).toBe(201);
    expect(first.body.subscription).toMatchObject({ endpoint, lastUsedAt: null });
    expect(first.body.subscription).not.toHaveProperty("keys");
    const again = await hana.request("POST", SUBSCRIPTIONS, subscriptionJson(endpoint, keys));
    expect(again).toMatchObject({ status: 200, body: { subscription: { id: first.body.subscription.id } } });

    // Ivan signs in on the same browser and turns push on: Hana's notifications stop going there.
    expect((await ivan.request("POST", SUBSCRIPTIONS, subscriptionJson(endpoint, createBrowserKeys()))).status).toBe(201);
    expect((await hana.request("GET", SUBSCRIPTIONS)).body.subscriptions).toEqual([]);
    const ivans = (await ivan.request("GET", SUBSCRIPTIONS)).body.subscriptions as { id: string; endpoint: string }[];
    expect(ivans.map((s) => s.endpoint)).toEqual([endpoint]);

    // Hana cannot remove Ivan's browser, by endpoint or by id; Ivan can, once.
    expect((await hana.request("DELETE", SUBSCRIPTIONS, { endpoint })).status).toBe(404);
    expect((await hana.request("DELETE", `${SUBSCRIPTIONS}/${ivans[0].id}`)).status).toBe(404);
    expect((await ivan.request("DELETE", SUBSCRIPTIONS, { endpoint })).status).toBe(204);
    expect((await ivan.request("DELETE", SUBSCRIPTIONS, { endpoint })).status).toBe(404);
    expect((await ivan.request("GET", SUBSCRIPTIONS)).body.subscriptions).toEqual([]);
  });

  it("keeps each person's 20 newest browsers", async () => {
    const jo = await person(herald, api);
    const endpoints = Array.from({ length: 21 }, (_, i) => service.endpoint(`${jo.userId}-b${i}`));
    for (const endpoint of endpoints) await subscribe(jo, endpoint);
    const kept = ((await jo.request("GET", SUBSCRIPTIONS)).body.subscriptions as { endpoint: string }[]).map((s) => s.endpoint);
    expect(kept).toHaveLength(20);
    expect(kept).not.toContain(endpoints[0]);
    expect(kept).toContain(endpoints[20]);
  });

  it("refuses keys that are not a browser's: 422 with the field", async () => {
    const kim = await person(herald, api);
    const keys = createBrowserKeys();
    const endpoint = service.endpoint(`${kim.userId}-x`);
    const offCurve = Buffer.from(keys.p256dh, "base64url");
    offCurve[64] ^= 1;
    const cases: [unknown, string][] = [
      [{ endpoint, keys: { p256dh: keys.p256dh.slice(0, 40), auth: keys.auth } }, "keys.p256dh"],
      [{ endpoint, keys: { p256dh: offCurve.toString("base64url"), auth: keys.auth } }, "keys.p256dh"],
      [{ endpoint, keys: { p256dh: keys.p256dh, auth: "c2hvcnQ" } }, "keys.auth"],
      [{ endpoint, keys: { p256dh: keys.p256dh, auth: "!!!!!!!!!!!!!!!!!!!!!!" } }, "keys.auth"],
      [{ endpoint }, "keys"],
      [{ endpoint: "not a url", keys: { p256dh: keys.p256dh, auth: keys.auth } }, "endpoint"],
    ];
    for (const [body, path] of cases) {
      const res = await kim.request("POST", SUBSCRIPTIONS, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await kim.request("GET", SUBSCRIPTIONS)).body.subscriptions).toEqual([]);
  });
});

describe("the SSRF guard on push endpoints (default policy)", () => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let api: Api;

  beforeAll(async () => {
    database = await createTestDatabase();
    herald = await startHerald({ DATABASE_URL: database.url, ALLOW_PRIVATE_NETWORK_TARGETS: "false", NODE_EXTRA_CA_CERTS: service.caPath });
    api = await apiClient(herald.url);
    await api.request("PUT", `/api/v1/types/${TYPE}`, { priority: "high", defaultChannels: ["in_app", "push"] });
  });
  afterAll(async () => {
    await herald?.stop();
    await database?.drop();
  });

  it.each([
    ["http://127.0.0.1/push/x", /must use https/],
    [`https://127.0.0.1:443/push/x`, /non-public address \(loopback\)/],
    ["https://localhost/push/x", /must not point to localhost/],
    ["https://[::ffff:10.0.0.1]/push/x", /non-public address/],
    ["https://169.254.169.254/latest/meta-data", /non-public address/],
  ])("refuses to store %s (422)", async (endpoint, message) => {
    const user = await person(herald, api);
    const keys = createBrowserKeys();
    const res = await user.request("POST", SUBSCRIPTIONS, subscriptionJson(endpoint, keys));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "endpoint", message: expect.stringMatching(message) })]);
  });

  it("refuses at send time a name that resolves to a private address, with the reason in the log", async () => {
    const name = hostname();
    const { address } = await lookup(name);
    expect(address, `${name} must resolve to a private address on this machine`).toMatch(/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:)/);
    const user = await person(herald, api);
    // Stored: a name cannot be judged until it is resolved.
    await subscribe(user, service.endpoint(`${user.userId}-rebinding`, name));
    const id = await publish(api, user.userId);

    const delivery = await settled(api, id);
    expect(delivery.status).toBe("failed");
    expect(delivery.reason).toContain(`failed: EBLOCKEDADDRESS: Refused to connect to ${name} at ${address}`);
    expect(delivery.reason).toContain("is not a public address");
    expect(service.received(`${user.userId}-rebinding`)).toHaveLength(0);
  });
});
