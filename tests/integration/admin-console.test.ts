// The admin console's domain through its API, on two instances sharing PostgreSQL and
// Redis: every change is in the audit log, the last admin stays, a type edited from a stale
// version is refused, a revoked key is refused everywhere, channel switches and SMTP
// settings apply on every instance, test emails report the server's answer, the delivery
// log tells a notification's story, and presence says on which instance someone is online.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, sql } from "../../server/db/index.ts";
import { apiClient, connectSocket, eventually, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson } from "../support/people.ts";
import { sessionCookie } from "../support/sessions.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest, userApi, type HttpAnswer } from "../support/user-api.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
let sink: SmtpSink;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), ALLOW_PRIVATE_NETWORK_TARGETS: "true" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  for (const id of ["root", "ops", "bea", "cal"]) {
    await createPerson(id);
    cookies[id] = (await sessionCookie(id)).cookie;
  }
  await db().user.updateMany({ where: { id: { in: ["root", "ops"] } }, data: { role: "admin" } });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sink?.stop();
  await database?.drop();
});

/** An admin console request as `who`, on instance `on` (A unless given). */
const as = (who: string, method: string, path: string, body?: unknown, on: HeraldProcess = a): Promise<HttpAnswer> =>
  rawRequest(on.url, method, `/api/v1/admin/${path}`, { body, headers: { cookie: cookies[who] } });

async function lastAudit(action: string): Promise<{ actor_id: string; target: string; before: any; after: any } | undefined> {
  const { rows } = await sql().query("SELECT actor_id, target, before, after FROM admin_audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1", [action]);
  return rows[0];
}

describe("roles", () => {
  it("never removes the last admin, and writes each change to the audit log", async () => {
    expect((await as("root", "PUT", "people/ops/role", { role: "user" })).status).toBe(200);
    expect(await lastAudit("person.role")).toMatchObject({ actor_id: "root", target: "ops", before: { role: "admin" }, after: { role: "user" } });
    // ops lost the console at once.
    expect((await as("ops", "GET", "overview")).status).toBe(403);

    const self = await as("root", "PUT", "people/root/role", { role: "user" });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/last admin/);
    const disable = await as("root", "PUT", "people/root/disabled", { disabled: true });
    expect(disable.status).toBe(409);
    expect((await db().user.findUniqueOrThrow({ where: { id: "root" } })).role).toBe("admin");

    expect((await as("root", "PUT", "people/ops/role", { role: "admin" })).status).toBe(200);
    expect((await as("ops", "GET", "overview")).status).toBe(200);
    // With two, one may step down; the other is then the last.
    expect((await as("ops", "PUT", "people/ops/role", { role: "user" })).status).toBe(200);
    expect((await as("root", "PUT", "people/root/role", { role: "user" })).status).toBe(409);
    expect((await as("root", "PUT", "people/ops/role", { role: "admin" })).status).toBe(200);
  });

  it("disables and enables a person, ends their sessions, and logs both", async () => {
    const disabled = await as("root", "PUT", "people/cal/disabled", { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.person).toMatchObject({ id: "cal", disabled: true, activeSessions: 0 });
    expect((await rawRequest(a.url, "GET", "/api/v1/me/notifications", { headers: { cookie: cookies.cal } })).status).toBe(401);
    expect(await lastAudit("person.disable")).toMatchObject({ actor_id: "root", target: "cal", before: { disabled: false }, after: { disabled: true } });
    expect((await as("root", "PUT", "people/cal/disabled", { disabled: false })).body.person.disabled).toBe(false);
    expect(await lastAudit("person.enable")).toMatchObject({ target: "cal" });
    cookies.cal = (await sessionCookie("cal")).cookie;
  });
});

describe("types editor", () => {
  it("saves from the current version on one instance, takes effect on the other, and refuses a stale one with 409", async () => {
    await api.request("POST", "/api/v1/notifications", { recipients: ["bea"], type: "auto.thing", title: "first" });
    const listed = await as("root", "GET", "types", undefined, b);
    const auto = listed.body.types.find((t: { type: string }) => t.type === "auto.thing");
    expect(auto).toMatchObject({ autoRegistered: true });

    const edit = { displayName: "Auto thing", description: "reviewed", priority: "high", defaultChannels: ["in_app", "email"], critical: false, emailAfterSeconds: 60, batchWindowSeconds: 30, expectedUpdatedAt: auto.updatedAt };
    const saved = await as("root", "PUT", "types/auto.thing", edit);
    expect(saved.status).toBe(200);
    expect(saved.body.type).toMatchObject({ displayName: "Auto thing", autoRegistered: false, priority: "high" });
    // B's registry dropped its copy: it serves the change at once.
    const onB = await as("ops", "GET", "types", undefined, b);
    expect(onB.body.types.find((t: { type: string }) => t.type === "auto.thing")).toMatchObject({ displayName: "Auto thing", autoRegistered: false });
    expect(await lastAudit("type.review")).toMatchObject({ actor_id: "root", target: "auto.thing", before: { autoRegistered: true }, after: { displayName: "Auto thing" } });

    // Another admin, editing what they loaded before that save, is told, not obeyed.
    const stale = await as("ops", "PUT", "types/auto.thing", { ...edit, displayName: "Overwritten" }, b);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.error.message).toMatch(/changed by someone else/);
    expect(stale.body.error.details.current).toMatchObject({ displayName: "Auto thing" });
    const after = await as("ops", "GET", "types", undefined, b);
    expect(after.body.types.find((t: { type: string }) => t.type === "auto.thing").displayName).toBe("Auto thing");
  });

  it("shows field errors for bad input and 404 for an unknown type", async () => {
    const bad = await as("root", "PUT", "types/auto.thing", { displayName: "", description: "", priority: "urgent", defaultChannels: [], critical: false, emailAfterSeconds: -1, batchWindowSeconds: 1, expectedUpdatedAt: "yesterday" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["defaultChannels", "displayName", "emailAfterSeconds", "expectedUpdatedAt", "priority"]);
    const unknown = await as("root", "PUT", "types/no.such", { displayName: "x", description: "", priority: "low", defaultChannels: ["in_app"], critical: false, emailAfterSeconds: null, batchWindowSeconds: 1, expectedUpdatedAt: new Date().toISOString() });
    expect(unknown.status).toBe(404);
  });
});

describe("API keys", () => {
  it("creates a key (secret once), lists it with its creator and last use, and a revoked key is refused on every instance", async () => {
    const created = await as("root", "POST", "api-keys", { name: "billing" });
    expect(created.status).toBe(201);
    const { id, secret } = created.body.key;
    expect(secret).toMatch(/^hk_/);
    const publish = (on: HeraldProcess) =>
      rawRequest(on.url, "POST", "/api/v1/notifications", { authorization: `Bearer ${secret}`, body: { recipients: ["bea"], type: "billing.paid", title: "Paid" } });
    expect((await publish(a)).status).toBe(202);
    expect((await publish(b)).status).toBe(202); // cached on both instances now
    const listed = await as("root", "GET", "api-keys");
    const key = listed.body.keys.find((k: { id: string }) => k.id === id);
    expect(key).toMatchObject({ name: "billing", revokedAt: null, createdBy: { id: "root" } });
    expect(key.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect((await as("ops", "DELETE", `api-keys/${id}`)).status).toBe(204);
    for (const on of [a, b]) {
      const refused = await publish(on);
      expect(refused.status).toBe(401);
    }
    expect(await lastAudit("api-key.revoke")).toMatchObject({ actor_id: "ops", target: id, after: { revoked: true } });
    expect(await lastAudit("api-key.create")).toMatchObject({ actor_id: "root", target: id, after: { name: "billing" } });
    expect((await as("ops", "DELETE", `api-keys/${id}`)).status).toBe(409);
    expect((await as("ops", "POST", "api-keys", { name: "  " })).status).toBe(422);
  });
});

describe("channels", () => {
  it("turns a channel off for the whole deployment, on every instance, with the reason in the log", async () => {
    const off = await as("root", "PUT", "channels", { in_app: false, push: true, email: true });
    expect(off.status).toBe(200);
    expect(off.body.channels).toEqual({ in_app: false, push: true, email: true });
    const apiB = await apiClient(b.url);
    // B hears of the change by NOTIFY, a moment after A answered.
    const inAppOnB = async (title: string) => {
      const published = await apiB.request("POST", "/api/v1/notifications", { recipients: ["bea"], type: "switch.test", title });
      expect(published.status).toBe(202);
      const story = await as("root", "GET", `deliveries/${published.body.notifications[0].id}`);
      return story.body.deliveries.find((d: { channel: string }) => d.channel === "in_app");
    };
    const skipped = await eventually(async () => {
      const d = await inAppOnB("while off");
      return d.status === "skipped" && d;
    });
    expect(skipped.reason).toBe("turned off for the whole deployment by an admin");
    expect(await lastAudit("channels.update")).toMatchObject({ before: { in_app: true }, after: { in_app: false } });

    await as("root", "PUT", "channels", { in_app: true, push: true, email: true });
    await eventually(async () => (await inAppOnB("on again")).status === "sent");
  });

  it("sends a test email to the outbox, then through SMTP saved in the console, never showing its password", async () => {
    const outboxed = await as("root", "POST", "channels/test-email", { to: "someone@example.test" });
    expect(outboxed.status).toBe(200);
    expect(outboxed.body).toMatchObject({ provider: "outbox", accepted: true });
    const list = await as("root", "GET", "outbox?to=someone@");
    expect(list.body.emails[0]).toMatchObject({ to: "someone@example.test", subject: "Herald test email" });
    const message = await as("root", "GET", `outbox/${list.body.emails[0].id}`);
    expect(message.body.email.html).toContain("Herald test email");
    expect(message.body.email.text).toContain("email delivery works");

    const smtpUrl = `smtp://mailer:s3cret-pass@127.0.0.1:${sink.port}`;
    const saved = await as("root", "PUT", "channels/smtp", { smtpUrl, mailFrom: "Ops <ops@example.test>" });
    expect(saved.status).toBe(200);
    expect(saved.body.email).toMatchObject({ provider: "smtp", source: "console", server: `127.0.0.1:${sink.port}`, from: "Ops <ops@example.test>" });
    for (const on of [a, b]) expect(JSON.stringify((await as("root", "GET", "channels", undefined, on)).body)).not.toContain("s3cret");
    expect(JSON.stringify(await lastAudit("smtp.update"))).not.toContain("s3cret");

    // Instance B picked the new settings up (settings-changed), and reports the server's answer.
    const sent = await as("root", "POST", "channels/test-email", { to: "dest@example.test" }, b);
    expect(sent.body).toMatchObject({ provider: "smtp", accepted: true });
    expect(sent.body.response).toMatch(/^250/);
    await eventually(async () => sink.received.find((m) => m.to.includes("dest@example.test")));
    expect(sink.received.find((m) => m.to.includes("dest@example.test"))).toMatchObject({ from: "Ops <ops@example.test>", subject: "Herald test email" });
    expect(sink.logins).toContainEqual({ user: "mailer", password: "s3cret-pass" });

    const bad = await as("root", "PUT", "channels/smtp", { smtpUrl: "http://nope", mailFrom: null });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe("smtpUrl");
    expect((await as("root", "PUT", "channels/smtp", { smtpUrl: null, mailFrom: null })).body.email.provider).toBe("outbox");
    expect((await as("root", "POST", "channels/test-email", { to: "not an address" })).status).toBe(422);
  });
});

describe("people, presence and the delivery log", () => {
  let socket: TestSocket | undefined;
  // Bea is online on B for every test here, whichever runs first (push is skipped for her).
  beforeAll(async () => {
    const bea = await userApi(b.url, api, "bea");
    socket = await connectSocket(b.url, { token: bea.token });
    await eventually(async () => (await as("root", "GET", "people/bea")).body.person.presence.length > 0);
  });
  afterAll(() => socket?.close());

  it("shows a person online on the instance holding their socket, in people, the person and the overview", async () => {
    const person = await eventually(async () => {
      const res = await as("root", "GET", "people/bea");
      return res.body.person.presence.length > 0 && res.body.person;
    });
    const instanceB = (await as("root", "GET", "overview")).body.instances;
    expect(instanceB).toHaveLength(2);
    expect(person.online).toBe(true);
    expect(person.presence).toHaveLength(1);
    expect(person.presence[0].sockets).toBe(1);
    expect(person.presence[0].url).toBe(instanceB.find((i: { id: string }) => i.id === person.presence[0].instanceId).url);
    expect(person.unreadCount).toBeGreaterThan(0);
    const search = await as("root", "GET", "people?q=be");
    expect(search.body.people.map((p: { id: string; online: boolean }) => [p.id, p.online])).toEqual([["bea", true]]);
    const overview = await eventually(async () => {
      const o = (await as("root", "GET", "overview")).body;
      return o.connections >= 1 && o;
    }, 15_000);
    expect(overview.peopleOnline).toBe(1);
    expect(overview.published.lastHour).toBeGreaterThan(0);
  });

  it("finds a notification by person and type, with who published it and why each channel did what", async () => {
    await api.request("PUT", "/api/v1/types/task.assigned", { displayName: "Task assigned", defaultChannels: ["in_app", "push"] });
    const published = await api.request("POST", "/api/v1/notifications", { recipients: ["bea"], type: "task.assigned", title: "You got Task #7" });
    const id = published.body.notifications[0].id;
    const log = await as("root", "GET", "deliveries?person=bea&type=task.assigned&channel=push&status=skipped");
    expect(log.status).toBe(200);
    expect(log.body.rows.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await as("root", "GET", "deliveries?person=cal&type=task.assigned")).body.rows).toEqual([]);
    const story = await as("root", "GET", `deliveries/${id}`);
    expect(story.body.publishedBy).toMatchObject({ kind: "api-key", name: "test" });
    expect(story.body.deliveries).toEqual([
      expect.objectContaining({ channel: "in_app", status: "sent" }),
      expect.objectContaining({ channel: "push", status: "skipped", reason: "person online: shown in the app" }),
      expect.objectContaining({ channel: "email", status: "skipped" }),
    ]);
    expect((await as("root", "GET", "deliveries?from=not-a-time")).status).toBe(422);
    expect((await as("root", "GET", "deliveries/not-a-uuid")).status).toBe(404);
  });

  it("publishes a test notification to a person through the publish path, and logs it", async () => {
    const sent = await as("root", "POST", "test-notifications", { to: { userId: "bea" }, type: "admin.test", title: "Hello from the console" });
    expect(sent.status).toBe(202);
    expect(sent.body.recipients).toBe(1);
    const story = await as("root", "GET", `deliveries/${sent.body.ids[0]}`);
    expect(story.body.notification).toMatchObject({ userId: "bea", title: "Hello from the console", shownInApp: true });
    expect(story.body.publishedBy).toEqual({ kind: "console-or-script" });
    expect(await lastAudit("notification.test")).toMatchObject({ actor_id: "root", target: "bea" });
    expect((await as("root", "POST", "test-notifications", { to: { userId: "nobody" }, type: "admin.test", title: "x" })).status).toBe(422);
  });

  it("signs a person out everywhere and lists the change in the audit log API", async () => {
    const res = await as("root", "POST", "people/cal/sign-out");
    expect(res.body.sessionsEnded).toBe(1);
    const audit = await as("root", "GET", "audit?limit=100");
    // Each change's own entry is checked by the test that makes it (tests run in any order).
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain("person.sign-out-everywhere");
    expect(audit.body.entries[0]).toMatchObject({ action: "person.sign-out-everywhere", actorId: "root", actorName: "root", target: "cal" });
  });
});
