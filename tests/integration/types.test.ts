// The notification type registry: declared as code by services (PUT), listed (GET),
// validated (422), auto-registered when published before being declared, and a change
// takes effect on every instance at once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient, createUsers, eventually, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let apiA: Api;
let apiB: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  [apiA, apiB] = await Promise.all([apiClient(a.url), apiClient(b.url)]);
  await createUsers("tia");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

describe("PUT /api/v1/types/{type}", () => {
  it("creates a type with defaults filled in, then replaces it", async () => {
    const created = await apiA.request("PUT", "/api/v1/types/invoice.paid", { displayName: "Invoice paid", priority: "high" });
    expect(created.status).toBe(201);
    expect(created.body.type).toMatchObject({
      type: "invoice.paid",
      displayName: "Invoice paid",
      description: "",
      priority: "high",
      defaultChannels: ["in_app", "push", "email"],
      critical: false,
      emailAfterSeconds: 300,
      batchWindowSeconds: 120,
      autoRegistered: false,
    });
    const replaced = await apiA.request("PUT", "/api/v1/types/invoice.paid", { displayName: "Invoices", defaultChannels: ["in_app"], critical: true });
    expect(replaced.status).toBe(200);
    expect(replaced.body.type).toMatchObject({ displayName: "Invoices", priority: "normal", defaultChannels: ["in_app"], critical: true, emailAfterSeconds: null });
  });

  it.each([
    ["an unknown priority", { priority: "urgent" }, "priority"],
    ["an unknown channel", { defaultChannels: ["in_app", "sms"] }, "defaultChannels.1"],
    ["no channel", { defaultChannels: [] }, "defaultChannels"],
    ["a channel twice", { defaultChannels: ["push", "push"] }, "defaultChannels"],
    ["a negative delay", { emailAfterSeconds: -1 }, "emailAfterSeconds"],
    ["an unknown field", { colour: "red" }, ""],
  ])("refuses %s with 422 and stores nothing", async (_name, body, path) => {
    const res = await apiA.request("PUT", "/api/v1/types/bad.type", body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const list = await apiA.request("GET", "/api/v1/types");
    expect(list.body.types.map((t: { type: string }) => t.type)).not.toContain("bad.type");
  });

  it("refuses a type key that is not one, and asks for an API key", async () => {
    expect((await apiA.request("PUT", "/api/v1/types/bad%20key", {})).status).toBe(422);
    const anonymous = await fetch(`${a.url}/api/v1/types`);
    expect(anonymous.status).toBe(401);
  });
});

it("auto-registers a type published before it was declared, flagged for admins", async () => {
  const res = await apiA.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "legacy.ping", title: "hi" });
  expect(res.status).toBe(202);
  const list = await apiB.request("GET", "/api/v1/types");
  expect(list.body.types.find((t: { type: string }) => t.type === "legacy.ping")).toMatchObject({
    displayName: "legacy.ping",
    priority: "normal",
    defaultChannels: ["in_app"],
    autoRegistered: true,
  });
  // Declaring it as code clears the flag.
  const declared = await apiB.request("PUT", "/api/v1/types/legacy.ping", { displayName: "Pings" });
  expect(declared.status).toBe(200);
  expect(declared.body.type.autoRegistered).toBe(false);
});

it("takes a change on one instance into account on the other at once", async () => {
  await apiA.request("PUT", "/api/v1/types/report.ready", { displayName: "Reports", defaultChannels: ["in_app"] });
  // Instance B routes with the type: in-app only, so nothing is logged for email.
  const first = await apiB.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "report.ready", title: "r1" });
  const before = await apiB.request("GET", `/api/v1/notifications/${first.body.notifications[0].id}/deliveries`);
  expect(before.body.deliveries.find((d: { channel: string }) => d.channel === "email")).toMatchObject({ status: "skipped", reason: "not a channel of this type" });

  // Changed through A: B's next publish routes with the new definition (email pending).
  await apiA.request("PUT", "/api/v1/types/report.ready", { displayName: "Reports", defaultChannels: ["in_app", "email"], emailAfterSeconds: 3600 });
  const routed = await eventually(async () => {
    const res = await apiB.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "report.ready", title: "r2" });
    const log = await apiB.request("GET", `/api/v1/notifications/${res.body.notifications[0].id}/deliveries`);
    const email = log.body.deliveries.find((d: { channel: string }) => d.channel === "email");
    return email.status === "pending" && email;
  }, 3000);
  expect(routed.reason).toBe("due 3600 s after arrival if still unread");
});

it("answers the delivery log with every channel, and 404 for an unknown notification", async () => {
  const res = await apiA.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "legacy.ping", title: "logged" });
  const log = await apiA.request("GET", `/api/v1/notifications/${res.body.notifications[0].id}/deliveries`);
  expect(log.status).toBe(200);
  expect(log.body.deliveries).toEqual([
    { channel: "in_app", status: "sent", reason: "shown in the app", attempts: 1, at: expect.any(String) },
    { channel: "push", status: "skipped", reason: "not a channel of this type", attempts: 0, at: expect.any(String) },
    { channel: "email", status: "skipped", reason: "not a channel of this type", attempts: 0, at: expect.any(String) },
  ]);
  expect((await apiA.request("GET", "/api/v1/notifications/00000000-0000-4000-8000-000000000000/deliveries")).status).toBe(404);
  expect((await apiA.request("GET", "/api/v1/notifications/not-an-id/deliveries")).status).toBe(404);
});

it("routes with a preference made on the other instance (its cache hears of the change)", async () => {
  await apiA.request("PUT", "/api/v1/types/digest.weekly", { displayName: "Weekly digest" });
  // A publish on A first, so A has loaded which types anyone customised (none for this one).
  const before = await apiA.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "digest.weekly", title: "w1" });
  expect((await apiA.request("GET", `/api/v1/notifications/${before.body.notifications[0].id}/deliveries`)).body.deliveries[0].status).toBe("sent");

  const token = (await apiB.request("POST", "/api/v1/users/tia/token")).body.token;
  const put = await fetch(`${b.url}/api/v1/me/preferences`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ preferences: [{ type: "digest.weekly", channel: "in_app", enabled: false }] }),
  });
  expect(put.status).toBe(200);
  const skipped = await eventually(async () => {
    const res = await apiA.request("POST", "/api/v1/notifications", { recipients: ["tia"], type: "digest.weekly", title: "w2" });
    const log = await apiA.request("GET", `/api/v1/notifications/${res.body.notifications[0].id}/deliveries`);
    return log.body.deliveries[0].status === "skipped" && log.body.deliveries[0];
  }, 3000);
  expect(skipped).toMatchObject({ channel: "in_app", reason: "turned off in preferences" });
});
