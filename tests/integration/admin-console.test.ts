// The admin console's domain through its API, on two instances sharing PostgreSQL and
// Redis: every change is in the audit log (with the admin's session, in the change's
// transaction), the last admin stays even against concurrent changes, a type edited from a stale
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
const sessions: Record<string, string> = {};

/** A fresh browser session for `id` (disabling someone ends their sessions). */
async function signIn(id: string): Promise<void> {
  const session = await sessionCookie(id);
  cookies[id] = session.cookie;
  sessions[id] = session.sessionId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), ALLOW_PRIVATE_NETWORK_TARGETS: "true" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  for (const id of ["root", "ops", "bea", "cal", "dan"]) {
    await createPerson(id);
    await signIn(id);
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

async function lastAudit(action: string): Promise<{ actor_id: string; actor_via: string; actor_session_id: string; target: string; before: any; after: any } | undefined> {
  const { rows } = await sql().query(
    "SELECT actor_id, actor_via, actor_session_id, target, before, after FROM admin_audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1",
    [action],
  );
  return rows[0];
}

const activeAdmins = async (): Promise<string[]> =>
  (await sql().query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id")).rows.map((r) => r.id);

describe("roles", () => {
  it("never removes the last admin, and writes each change to the audit log", async () => {
    expect((await as("root", "PUT", "people/ops/role", { role: "user" })).status).toBe(200);
    expect(await lastAudit("person.role")).toMatchObject({ actor_id: "root", target: "ops", before: { role: "admin" }, after: { role: "user" } });
    // How the admin came: the session whose cookie made the change.
    expect(await lastAudit("person.role")).toMatchObject({ actor_via: "session", actor_session_id: sessions.root });
    expect((await as("root", "GET", "audit?limit=1")).body.entries[0]).toMatchObject({ action: "person.role", actorId: "root", actorVia: "session" });
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

describe("the last admin under concurrency", () => {
  const ROUNDS = 30;
  async function restoreAdmins(): Promise<void> {
    await sql().query("UPDATE users SET role = 'admin', disabled_at = NULL WHERE id IN ('root', 'ops')");
    await signIn("root");
    await signIn("ops");
  }
  afterAll(restoreAdmins);

  /** One of two changes fired at once succeeds; the other is refused, and an active admin is left. */
  async function race(first: Promise<HttpAnswer>, second: Promise<HttpAnswer>): Promise<void> {
    const answers = await Promise.all([first, second]);
    expect(await activeAdmins()).toHaveLength(1);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = answers.find((r) => r.status !== 200)!;
    // Refused under the admins' lock (409), or, if the other change committed before this
    // request was even authenticated, as someone who is no longer an active admin.
    expect([409, 401, 403], JSON.stringify(refused.body)).toContain(refused.status);
    if (refused.status === 409) expect(refused.body.error.message).toMatch(/last admin/);
  }

  it("two admins disabling each other at once: one wins, the other is refused, never zero admins", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await restoreAdmins();
      await race(as("root", "PUT", "people/ops/disabled", { disabled: true }, a), as("ops", "PUT", "people/root/disabled", { disabled: true }, b));
    }
  });

  it("an admin stepping down while disabling the only other admin: one of the two is refused", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await restoreAdmins();
      await race(as("ops", "PUT", "people/ops/role", { role: "user" }, a), as("ops", "PUT", "people/root/disabled", { disabled: true }, b));
    }
  });
});

describe("audit entries are written with the change", () => {
  it("a change whose audit entry cannot be written is not made", async () => {
    const key = await as("root", "POST", "api-keys", { name: "atomic" });
    await sql().query("INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth) VALUES (gen_random_uuid(), 'dan', 'https://push.example.test/dan', 'p', 'a')");
    const subscription = (await as("root", "GET", "people/dan")).body.person.pushSubscriptions[0];
    const type = await registerType("atomic.type");
    const edit = { displayName: "Changed", description: "", priority: type.priority, defaultChannels: type.defaultChannels, critical: false, emailAfterSeconds: null, batchWindowSeconds: 0, expectedUpdatedAt: type.updatedAt };
    await sql().query("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log refuses this entry'; END $$");
    await sql().query("CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
    try {
      expect((await as("root", "PUT", "people/dan/role", { role: "admin" })).status).toBe(500);
      expect((await as("root", "PUT", "people/dan/disabled", { disabled: true })).status).toBe(500);
      expect((await as("root", "POST", "people/dan/sign-out")).status).toBe(500);
      expect((await as("root", "DELETE", `people/dan/push-subscriptions/${subscription.id}`)).status).toBe(500);
      expect((await as("root", "PUT", `types/${type.type}`, edit)).status).toBe(500);
      expect((await as("root", "DELETE", `api-keys/${key.body.key.id}`)).status).toBe(500);
    } finally {
      await sql().query("DROP TRIGGER refuse_audit ON admin_audit_log");
      await sql().query("DROP FUNCTION refuse_audit()");
    }
    const dan = (await as("root", "GET", "people/dan")).body.person;
    expect(dan).toMatchObject({ role: "user", disabled: false, activeSessions: 1 });
    expect(dan.pushSubscriptions.map((p: { id: string }) => p.id)).toEqual([subscription.id]);
    expect((await as("root", "GET", "types")).body.types.find((t: { type: string }) => t.type === type.type).displayName).toBe(type.displayName);
    const publish = await rawRequest(a.url, "POST", "/api/v1/notifications", { authorization: `Bearer ${key.body.key.secret}`, body: { recipients: ["dan"], type: "atomic.check", title: "still a key" } });
    expect(publish.status).toBe(202);
    await sql().query("DELETE FROM push_subscriptions WHERE user_id = 'dan'");
  });
});

async function registerType(type: string): Promise<{ type: string; displayName: string; priority: string; defaultChannels: string[]; updatedAt: string }> {
  await api.request("POST", "/api/v1/notifications", { recipients: ["dan"], type, title: "registers the type" });
  return (await as("root", "GET", "types")).body.types.find((t: { type: string }) => t.type === type);
}

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

    // A reviewed type edited again is a type.update, with what it was and what it became.
    const again = await as("ops", "PUT", "types/auto.thing", { ...edit, description: "edited again", expectedUpdatedAt: saved.body.type.updatedAt });
    expect(again.status).toBe(200);
    expect(await lastAudit("type.update")).toMatchObject({
      actor_id: "ops",
      actor_via: "session",
      target: "auto.thing",
      before: { description: "reviewed", autoRegistered: false },
      after: { description: "edited again", displayName: "Auto thing" },
    });
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
    expect(await lastAudit("email.test")).toMatchObject({ actor_id: "root", actor_via: "session", target: "someone@example.test", after: { provider: "outbox", accepted: true } });

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
    expect(await lastAudit("email.test")).toMatchObject({ target: "dest@example.test", after: { provider: "smtp", accepted: true, response: sent.body.response } });

    const bad = await as("root", "PUT", "channels/smtp", { smtpUrl: "http://nope", mailFrom: null });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe("smtpUrl");
    expect((await as("root", "PUT", "channels/smtp", { smtpUrl: null, mailFrom: null })).body.email.provider).toBe("outbox");
    expect((await as("root", "POST", "channels/test-email", { to: "not an address" })).status).toBe(422);
  });

  it("SMTP_URL in the environment wins over the console's SMTP settings, and the channels answer says so", async () => {
    const withEnv = await startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), ALLOW_PRIVATE_NETWORK_TARGETS: "true", SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: "Env <env@example.test>" });
    try {
      // The console's server would refuse every connection (nothing listens on port 9).
      const saved = await as("root", "PUT", "channels/smtp", { smtpUrl: "smtp://console:pw@127.0.0.1:9", mailFrom: "Console <console@example.test>" }, withEnv);
      expect(saved.status).toBe(200);
      expect(saved.body.email).toMatchObject({ provider: "smtp", source: "env", server: `127.0.0.1:${sink.port}`, from: "Env <env@example.test>", consoleServer: "127.0.0.1:9", consoleFrom: "Console <console@example.test>" });
      // Without SMTP_URL, the console's setting is what an instance uses.
      expect((await as("root", "GET", "channels")).body.email).toMatchObject({ source: "console", server: "127.0.0.1:9", from: "Console <console@example.test>" });
      const sent = await as("root", "POST", "channels/test-email", { to: "env-wins@example.test" }, withEnv);
      expect(sent.body).toMatchObject({ provider: "smtp", accepted: true });
      expect(sent.body.response).toMatch(/^250/);
      const received = await eventually(async () => sink.received.find((m) => m.to.includes("env-wins@example.test")));
      expect(received).toMatchObject({ from: "Env <env@example.test>" });
    } finally {
      await as("root", "PUT", "channels/smtp", { smtpUrl: null, mailFrom: null });
      await withEnv.stop();
    }
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

  it("removes one of a person's push subscriptions, and logs it", async () => {
    const { rows } = await sql().query<{ id: string }>(
      `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent) VALUES
         (gen_random_uuid(), 'cal', 'https://push.example.test/cal-phone', 'p', 'a', 'Phone'),
         (gen_random_uuid(), 'cal', 'https://push.example.test/cal-laptop', 'p', 'a', 'Laptop') RETURNING id`,
    );
    const listed = (await as("root", "GET", "people/cal")).body.person.pushSubscriptions;
    expect(listed.map((p: { id: string }) => p.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const phone = listed.find((p: { userAgent: string }) => p.userAgent === "Phone");
    // Someone else's id in the path finds nothing.
    expect((await as("root", "DELETE", `people/bea/push-subscriptions/${phone.id}`)).status).toBe(404);
    expect((await as("root", "DELETE", `people/cal/push-subscriptions/${phone.id}`)).status).toBe(204);
    const left = (await as("root", "GET", "people/cal")).body.person.pushSubscriptions;
    expect(left.map((p: { userAgent: string }) => p.userAgent)).toEqual(["Laptop"]);
    expect(await lastAudit("person.push-subscription.remove")).toMatchObject({
      actor_id: "root",
      actor_via: "session",
      target: "cal",
      before: { id: phone.id, userAgent: "Phone", endpoint: "https://push.example.test" },
    });
    expect((await as("root", "DELETE", `people/cal/push-subscriptions/${phone.id}`)).status).toBe(404);
    await sql().query("DELETE FROM push_subscriptions WHERE user_id = 'cal'");
  });

  it("sends a test notification to everyone active, and logs it", async () => {
    await createPerson("eve");
    await sql().query("UPDATE users SET disabled_at = now() WHERE id = 'eve'");
    const title = `To everyone ${Date.now()}`;
    const sent = await as("root", "POST", "test-notifications", { to: "everyone", type: "admin.test", title });
    expect(sent.status).toBe(202);
    const active = (await sql().query<{ id: string }>("SELECT id FROM users WHERE disabled_at IS NULL ORDER BY id")).rows.map((r) => r.id);
    expect(active).toEqual(expect.arrayContaining(["bea", "cal", "root"]));
    expect(sent.body.recipients).toBe(active.length);
    expect(sent.body.ids).toHaveLength(active.length);
    const received = await sql().query<{ user_id: string }>("SELECT user_id FROM notifications WHERE title = $1 ORDER BY user_id", [title]);
    expect(received.rows.map((r) => r.user_id)).toEqual(active); // once each, and not eve
    expect(await lastAudit("notification.test")).toMatchObject({ actor_id: "root", target: "everyone", after: { title, recipients: active.length } });
  });

  it("filters the delivery log by time, from and to inclusive", async () => {
    const published = await api.request("POST", "/api/v1/notifications", { recipients: ["bea"], type: "window.test", title: "In the window" });
    const id = published.body.notifications[0].id;
    const { rows } = await sql().query<{ created_at: Date }>("SELECT created_at FROM notifications WHERE id = $1", [id]);
    const at = rows[0].created_at.getTime();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const found = async (query: string) => (await as("root", "GET", `deliveries?type=window.test&${query}`)).body.rows.map((r: { id: string }) => r.id);
    expect(await found(`from=${iso(at)}`)).toEqual([id]);
    expect(await found(`to=${iso(at)}`)).toEqual([id]);
    expect(await found(`from=${iso(at - 60_000)}&to=${iso(at + 60_000)}`)).toEqual([id]);
    expect(await found(`from=${iso(at + 1)}`)).toEqual([]);
    expect(await found(`to=${iso(at - 1)}`)).toEqual([]);
    // An offset other than Z names the same instant.
    expect(await found(`from=${encodeURIComponent(new Date(at).toISOString().replace("Z", "+00:00"))}`)).toEqual([id]);
  });
});
