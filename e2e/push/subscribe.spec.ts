// Web Push in the browser: the push toggle registers /sw.js, subscribes with the server's
// VAPID key and stores the subscription; turning it off or signing out removes it; the
// service worker shows a push and opens only same-origin links.
//
// What runs for real and what does not: headless Chromium here cannot subscribe. In
// Playwright's contexts (incognito) pushManager.subscribe() rejects at once ("AbortError:
// Registration failed - permission denied"; Chrome logs that it does not support the Push
// API in incognito mode); in a persistent context it never settles (it waits for Google's
// push service, unreachable offline; nothing within 20 s). So this spec replaces exactly
// two browser methods, PushManager.prototype.subscribe and getSubscription, with a stand-in
// that makes a real P-256 key pair and auth secret as a browser does. Everything else is
// real: the service worker registration, the notification permission, our client module,
// the POST/DELETE to the server, what the server stores, and the service worker's push
// handler, fed through the DevTools protocol (ServiceWorker.deliverPushMessage) with the
// payload the server builds. Encryption and delivery to a push service are covered in
// tests/integration/web-push.test.ts.
import type { BrowserContext, Page } from "@playwright/test";
import { buildPushPayload } from "../../server/channels/push/push-payload.ts";
import { db } from "../../server/db/index.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

// The preferences screen (/settings/notifications) will carry the same toggle.
const PUSH_SCREEN = "/settings/notifications";

type FakePushCalls = { subscribe: { userVisibleOnly: boolean; applicationServerKey: string }[]; unsubscribe: number };

/** The stand-in for the browser's push service, in every page of the context (kept in localStorage across reloads). */
async function installFakePushService(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const STORE = "test-fake-push-subscription";
    const calls: FakePushCalls = { subscribe: [], unsubscribe: 0 };
    (window as unknown as { fakePushCalls: FakePushCalls }).fakePushCalls = calls;
    const b64url = (bytes: ArrayBuffer | Uint8Array) =>
      btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const fromB64url = (value: string) => Uint8Array.from(atob(value.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    type Saved = { endpoint: string; p256dh: string; auth: string; applicationServerKey: string };
    const make = (saved: Saved) => ({
      endpoint: saved.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: fromB64url(saved.applicationServerKey).buffer },
      getKey: (name: "p256dh" | "auth") => fromB64url(saved[name]).buffer,
      toJSON: () => ({ endpoint: saved.endpoint, expirationTime: null, keys: { p256dh: saved.p256dh, auth: saved.auth } }),
      unsubscribe: async () => {
        calls.unsubscribe++;
        localStorage.removeItem(STORE);
        return true;
      },
    });
    PushManager.prototype.getSubscription = async function () {
      const saved = localStorage.getItem(STORE);
      return saved ? make(JSON.parse(saved) as Saved) : null;
    };
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey as Uint8Array;
      calls.subscribe.push({ userVisibleOnly: options?.userVisibleOnly === true, applicationServerKey: b64url(key) });
      // What a browser makes for a subscription: a P-256 key pair and a 16-byte auth secret.
      const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
      const saved: Saved = {
        endpoint: `https://push.example.net/send/${crypto.randomUUID()}`,
        p256dh: b64url(await crypto.subtle.exportKey("raw", pair.publicKey)),
        auth: b64url(crypto.getRandomValues(new Uint8Array(16))),
        applicationServerKey: b64url(key),
      };
      localStorage.setItem(STORE, JSON.stringify(saved));
      return make(saved);
    };
  });
}

const fakeCalls = (page: Page) => page.evaluate(() => (window as unknown as { fakePushCalls: FakePushCalls }).fakePushCalls);
const stored = (userId: string) => db().pushSubscription.findMany({ where: { userId }, select: { endpoint: true, p256dh: true, auth: true } });
const toggle = (page: Page) => page.getByRole("switch", { name: "Push notifications in this browser" });
// Scoped to the visible section: while React reveals a streamed page, a hidden copy of it can
// sit in the document for a moment, and a bare test id would match both.
const toggleBox = (page: Page) => page.getByRole("region", { name: "Push notifications in this browser" }).getByTestId("push-toggle");

test("the toggle registers the service worker and the server stores the browser's subscription", async ({ browser, person }, testInfo) => {
  const context = await browser.newContext();
  await context.grantPermissions(["notifications"]);
  await installFakePushService(context);
  const page = await context.newPage();
  await signIn(page, person);
  await page.goto(PUSH_SCREEN);
  await expect(toggleBox(page)).toHaveAttribute("data-state", "off");
  await expect(toggle(page)).toHaveAttribute("aria-checked", "false");

  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute("aria-checked", "true");
  await expect(toggleBox(page)).toHaveAttribute("data-state", "on");
  const screenshot = testInfo.outputPath("push-on.png");
  await page.screenshot({ path: screenshot });
  await testInfo.attach("push turned on", { path: screenshot, contentType: "image/png" });

  // The real service worker is registered for the whole site and active.
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration("/");
    return { script: registration?.active?.scriptURL, state: registration?.active?.state, scope: registration?.scope, permission: Notification.permission };
  });
  expect(worker).toEqual({ script: new URL("/sw.js", page.url()).href, state: "activated", scope: new URL("/", page.url()).href, permission: "granted" });

  // Subscribed once, for visible notifications, with the key the server hands out.
  const { vapidPublicKey } = (await (await page.request.get("/api/v1/me/push-subscriptions")).json()) as { vapidPublicKey: string };
  const calls = await fakeCalls(page);
  expect(calls.subscribe).toEqual([{ userVisibleOnly: true, applicationServerKey: vapidPublicKey }]);

  // The server holds exactly what the browser gave it.
  const browserSide = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())!.toJSON());
  await expect.poll(() => stored(person.id)).toEqual([{ endpoint: browserSide.endpoint, p256dh: browserSide.keys!.p256dh, auth: browserSide.keys!.auth }]);

  // After a reload the page knows this browser is on, without subscribing again.
  await page.reload();
  await expect(toggle(page)).toHaveAttribute("aria-checked", "true");
  expect((await fakeCalls(page)).subscribe).toEqual([]);
  await context.close();
});

test("turning push off, or signing out, removes this browser's subscription", async ({ browser, person }) => {
  const context = await browser.newContext();
  await context.grantPermissions(["notifications"]);
  await installFakePushService(context);
  const page = await context.newPage();
  await signIn(page, person);
  await page.goto(PUSH_SCREEN);

  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute("aria-checked", "true");
  await expect.poll(async () => (await stored(person.id)).length).toBe(1);
  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute("aria-checked", "false");
  expect(await stored(person.id)).toEqual([]);
  expect((await fakeCalls(page)).unsubscribe).toBe(1);

  // Whoever signs in on this browser next must not get this person's pushes.
  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute("aria-checked", "true");
  await expect.poll(async () => (await stored(person.id)).length).toBe(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
  expect(await stored(person.id)).toEqual([]);
  await context.close();
});

test("the service worker shows a push and opens only same-origin paths", async ({ browser, person }) => {
  const context = await browser.newContext();
  await context.grantPermissions(["notifications"]);
  const page = await context.newPage();
  await signIn(page, person);
  const workerStarted = context.waitForEvent("serviceworker");
  await page.evaluate(async () => void (await navigator.serviceWorker.register("/sw.js", { scope: "/" })));
  const worker = await workerStarted;
  await page.evaluate(() => navigator.serviceWorker.ready);

  // Deliver pushes as the browser would after decrypting them: the payloads the server builds.
  const cdp = await context.newCDPSession(page);
  const registrations: { registrationId: string; scopeURL: string }[] = [];
  cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
  await cdp.send("ServiceWorker.enable");
  const origin = new URL(page.url()).origin;
  await expect.poll(() => registrations.some((r) => r.scopeURL === `${origin}/`)).toBe(true);
  const registrationId = registrations.find((r) => r.scopeURL === `${origin}/`)!.registrationId;
  const push = async (content: { id: string; title: string; body: string; actionUrl: string | null }) =>
    cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: buildPushPayload({ ...content, type: "task.assigned" }, origin) });
  await push({ id: "00000000-0000-4000-8000-000000000001", title: "Task #234 is yours", body: "Ship it", actionUrl: "/tasks/234" });
  await push({ id: "00000000-0000-4000-8000-000000000002", title: "Read the guide", body: "", actionUrl: "https://docs.partner.example/guide" });
  // Not from Herald's server: the worker checks the link again itself.
  const hostile = { title: "Hostile", url: "https://evil.example/phish", icon: "https://evil.example/i.png", tag: "hostile" };
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: JSON.stringify(hostile) });

  const shown = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, url: (n.data as { url: string }).url })),
    );
  await expect.poll(async () => (await shown()).length).toBe(3);
  expect(await shown()).toEqual(
    expect.arrayContaining([
      { title: "Task #234 is yours", body: "Ship it", tag: "00000000-0000-4000-8000-000000000001", icon: `${origin}/icons/icon-192.png`, url: "/tasks/234" },
      // Another site's link opens the notifications page, where it is shown with its warning.
      { title: "Read the guide", body: "", tag: "00000000-0000-4000-8000-000000000002", icon: `${origin}/icons/icon-192.png`, url: "/notifications" },
      { title: "Hostile", body: "", tag: "hostile", icon: `${origin}/icons/icon-192.png`, url: "/notifications" },
    ]),
  );

  // Where a click goes, decided in the worker itself for whatever a push might carry.
  const targets = await worker.evaluate(() => {
    const target = (self as unknown as { notificationTarget: (url: unknown) => string }).notificationTarget;
    return ["/tasks/234?tab=log#c1", `${self.location.origin}/notifications`, "https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", null].map(target);
  });
  expect(targets).toEqual([
    `${origin}/tasks/234?tab=log#c1`,
    `${origin}/notifications`,
    `${origin}/notifications`,
    `${origin}/notifications`,
    `${origin}/notifications`,
    `${origin}/notifications`,
    `${origin}/notifications`,
  ]);
  await context.close();
});

test("the app can be installed: manifest, icons and service worker are served", async ({ request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
  const body = (await manifest.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(body).toMatchObject({ name: "Herald", start_url: "/", display: "standalone" });
  expect(body.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const { src } of body.icons) {
    const icon = await request.get(src);
    expect(icon.status(), src).toBe(200);
  }
  const sw = await request.get("/sw.js");
  expect(sw.headers()["content-type"]).toContain("javascript");
  const page = await request.get("/signin");
  const html = await page.text();
  expect(html).toContain('rel="manifest" href="/manifest.webmanifest"');
  expect(html).toMatch(/<meta name="theme-color" content="#4f46e5"/);
});
