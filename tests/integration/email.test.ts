// The email channel end to end: real Herald processes, PostgreSQL, pg-boss and an SMTP
// server started here. Email goes once a notification is still unread after its type's
// delay, exactly once (across a restart, and with two instances working the queue), never
// for what was read, cleared or turned off meanwhile; a mail server that is down holds up
// nothing in the app; the mail's one-click unsubscribe turns off exactly that type's
// email for exactly that person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeKey, signUnsubscribeToken } from "../../server/channels/email/unsubscribe-token.ts";
import { sql } from "../../server/db/index.ts";
import { apiClient, collect, connectSocket, createUsers, eventually, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { defineType, emailDelivery, emailJobs, finishedEmailJobs, publishOne, settledEmail } from "../support/email.ts";
import { startHerald, TEST_AUTH_SECRET, type HeraldProcess } from "../support/herald-process.ts";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest, userApi } from "../support/user-api.ts";

const PUBLIC_URL = "https://herald.example";
let database: TestDatabase;
let sink: SmtpSink;
let server: HeraldProcess;
let api: Api;
const env = () => ({
  DATABASE_URL: database.url,
  SMTP_URL: sink.url,
  MAIL_FROM: "Herald <notifications@herald.test>",
  ALLOW_PRIVATE_NETWORK_TARGETS: "true",
  PUBLIC_URL,
});

beforeAll(async () => {
  [database, sink] = await Promise.all([createTestDatabase(), startSmtpSink()]);
  server = await startHerald(env());
  api = await apiClient(server.url);
  const emailed = { priority: "high", defaultChannels: ["in_app", "email"] };
  await defineType(api, "email.soon", { ...emailed, displayName: "Soon", emailAfterSeconds: 1 });
  await defineType(api, "email.other", { ...emailed, displayName: "Other", emailAfterSeconds: 1 });
  // Long enough to act (mark read, clear, turn off) or restart before it is due.
  await defineType(api, "email.later", { ...emailed, displayName: "Later", emailAfterSeconds: 4 });
  await defineType(api, "email.now", { ...emailed, displayName: "Now", emailAfterSeconds: 0 });
  await defineType(api, "email.critical", { ...emailed, displayName: "Outage", critical: true, emailAfterSeconds: 1 });
  await createUsers("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jay");
});

afterAll(async () => {
  await server?.stop();
  await sink?.stop();
  await database?.drop();
});

const unique = (title: string) => `${title} ${Math.random().toString(36).slice(2, 8)}`;
const mailsTitled = (title: string): ReceivedMail[] => sink.received.filter((m) => m.subject === title);

describe("email after the delay", () => {
  it("sends exactly one email for a notification still unread: title, body, links, one-click unsubscribe; the log says sent", async () => {
    const title = unique("Build 7 failed");
    const id = await publishOne(api, "ann", { type: "email.soon", title, body: "Step 3 of 5\nexit code 1", actionUrl: "/builds/7" });
    expect((await emailDelivery(api, id)).status).toBe("pending");

    const delivery = await settledEmail(api, id);
    expect(delivery).toMatchObject({ status: "sent", reason: expect.stringMatching(/^accepted by the mail server: 250 /), attempts: 1 });
    expect(await finishedEmailJobs(id)).toEqual([{ state: "completed", retryCount: 0 }]);
    const [mail, ...more] = mailsTitled(title);
    expect(more).toHaveLength(0);
    expect(mail.to).toEqual(["ann@example.test"]);
    expect(mail.from).toBe("Herald <notifications@herald.test>");
    expect(mail.text).toContain(`${title}\n\nStep 3 of 5\nexit code 1\n`);
    expect(mail.text).toContain(`View notification: ${PUBLIC_URL}/builds/7`);
    expect(mail.text).toContain(`Notification settings: ${PUBLIC_URL}/settings/notifications`);
    expect(mail.text).toMatch(/Unsubscribe from “Soon” emails: https:\/\/herald\.example\/unsubscribe\?token=[\w-]+\.[\w-]+\n/);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/builds/7"`);
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<https:\/\/herald\.example\/api\/v1\/unsubscribe\?token=[\w-]+\.[\w-]+>$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    await waitFor(() => server.logs().some((l) => l.msg === "email sent" && l.notificationId === id));
  });

  it("sends nothing for what was read, cleared or turned off before the email was due", async () => {
    const ben = await userApi(server.url, api, "ben");
    const cat = await userApi(server.url, api, "cat");
    const titles = { read: unique("Read"), cleared: unique("Cleared"), turnedOff: unique("Turned off"), unread: unique("Unread") };
    const read = await publishOne(api, "ben", { type: "email.later", title: titles.read });
    const cleared = await publishOne(api, "ben", { type: "email.later", title: titles.cleared });
    const turnedOff = await publishOne(api, "cat", { type: "email.later", title: titles.turnedOff });
    // The positive case in the same run: without it, a channel that sends nothing would pass.
    const unread = await publishOne(api, "ben", { type: "email.later", title: titles.unread });
    expect((await ben.request("POST", `/api/v1/me/notifications/${read}/read`)).status).toBe(200);
    expect((await ben.request("DELETE", `/api/v1/me/notifications/${cleared}`)).status).toBe(200);
    const off = await cat.request("PUT", "/api/v1/me/preferences", { preferences: [{ type: "email.later", channel: "email", enabled: false }] });
    expect(off.status).toBe(200);
    // Each job ran (its outcome is written) before anything is judged.
    expect(await settledEmail(api, unread)).toMatchObject({ status: "sent" });
    expect(await settledEmail(api, read)).toMatchObject({ status: "skipped", reason: "read before the email was due", attempts: 0 });
    expect(await settledEmail(api, turnedOff)).toMatchObject({ status: "skipped", reason: "turned off in preferences" });
    // The cleared one took its pending delivery with it, so it never became a job: the
    // unread one, due at the same time and published after it, was swept and sent.
    expect(await emailJobs(cleared)).toEqual([]);

    expect(mailsTitled(titles.unread)).toHaveLength(1);
    for (const title of [titles.read, titles.cleared, titles.turnedOff]) expect(mailsTitled(title)).toHaveLength(0);
  });

  it("sends exactly one email when the instance restarts between the publish and the due time", async () => {
    const title = unique("Across a restart");
    const id = await publishOne(api, "dan", { type: "email.later", title });
    expect(await server.stop()).toBe(0);
    // Stopped before it was due: nothing sent yet, the job waits in PostgreSQL.
    const { rows } = await sql().query("SELECT status::text AS status FROM deliveries WHERE notification_id = $1 AND channel = 'email'", [id]);
    expect(rows).toEqual([{ status: "pending" }]);
    expect(mailsTitled(title)).toHaveLength(0);

    server = await startHerald(env());
    api = await apiClient(server.url);
    expect(await settledEmail(api, id)).toMatchObject({ status: "sent", attempts: 1 });
    await waitFor(() => server.logs().some((l) => l.msg === "email sent" && l.notificationId === id));
    expect(await finishedEmailJobs(id)).toEqual([{ state: "completed", retryCount: 0 }]);
    expect(mailsTitled(title)).toHaveLength(1);
  });

  it("sends nothing when its job runs again after the email was sent (a crash before pg-boss heard of it)", async () => {
    const title = unique("Run twice");
    const id = await publishOne(api, "jay", { type: "email.soon", title });
    expect(await settledEmail(api, id)).toMatchObject({ status: "sent", attempts: 1 });
    // What pg-boss does with a job whose worker died after sending: it runs it again.
    await sql().query("INSERT INTO pgboss.job (name, data) VALUES ('email.send', jsonb_build_object('notificationId', $1::text))", [id]);
    expect(await finishedEmailJobs(id)).toEqual([{ state: "completed", retryCount: 0 }, { state: "completed", retryCount: 0 }]);
    await waitFor(() => server.logs().some((l) => l.msg === "email job found its outcome already written: nothing to do" && l.notificationId === id));
    expect(await emailDelivery(api, id)).toMatchObject({ status: "sent", attempts: 1 });
    expect(mailsTitled(title)).toHaveLength(1);
  });

  it("sends each email exactly once with two instances working the queue", async () => {
    const second = await startHerald(env());
    try {
      const viaSecond = await apiClient(second.url);
      const titles = Array.from({ length: 6 }, (_, i) => unique(`Two instances ${i}`));
      const ids = await Promise.all(titles.map((title, i) => publishOne(i % 2 ? viaSecond : api, "eve", { type: "email.soon", title })));
      for (const id of ids) expect(await settledEmail(api, id)).toMatchObject({ status: "sent", attempts: 1 });
      for (const id of ids) expect(await finishedEmailJobs(id)).toEqual([{ state: "completed", retryCount: 0 }]);
      // One more email after all of them, as a barrier: a second send of any would have come first.
      const barrier = unique("Barrier");
      await settledEmail(api, await publishOne(api, "eve", { type: "email.soon", title: barrier }));
      await waitFor(() => mailsTitled(barrier).length === 1);
      for (const title of titles) expect(mailsTitled(title)).toHaveLength(1);
      const sentBy = (p: HeraldProcess) => p.logs().filter((l) => l.msg === "email sent" && ids.includes(String(l.notificationId))).length;
      await waitFor(() => sentBy(server) + sentBy(second) >= ids.length);
      expect(sentBy(server) + sentBy(second)).toBe(ids.length);
    } finally {
      await second.stop();
    }
  });
});

describe("a mail server that is down", () => {
  it("holds up nothing in the app: the notification is on the socket at once, the email is retried with the reason", async () => {
    const { body } = await api.request("POST", "/api/v1/users/ivy/token");
    const socket: TestSocket = await connectSocket(server.url, { token: body.token });
    try {
      const arrived = collect(socket, "notification:new");
      await sink.stop(); // nothing listens on its port now
      const title = unique("While SMTP is down");
      const id = await publishOne(api, "ivy", { type: "email.now", title });
      await waitFor(() => arrived.find((e) => e.notification.id === id));
      const delivery = await eventually(async () => {
        const d = await emailDelivery(api, id);
        return d.status === "retrying" && d;
      });
      expect(delivery.reason).toBe("connection refused (attempt 1)");
      const logged = await waitFor(() => server.logs().find((l) => l.msg === "email not sent" && l.notificationId === id));
      expect(logged).toMatchObject({ level: "warn", reason: "connection refused" });
      // Cleared now, its retry (30 s later) has nothing to send.
      const ivy = await userApi(server.url, api, "ivy");
      expect((await ivy.request("DELETE", `/api/v1/me/notifications/${id}`)).status).toBe(200);
    } finally {
      socket.close();
      sink = await startSmtpSink({ port: sink.port });
    }
  });
});

describe("one-click unsubscribe", () => {
  const post = (url: string) =>
    rawRequest(server.url, "POST", new URL(url).pathname + new URL(url).search, {
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  const preferenceRows = async () =>
    (await sql().query<PreferenceRow>("SELECT user_id, type, channel::text AS channel, enabled FROM preferences")).rows.sort(byKey);
  const headerUrl = (mail: ReceivedMail) => mail.headers["list-unsubscribe"].slice(1, -1);

  async function mailFor(userId: string, type: string): Promise<ReceivedMail> {
    const title = unique(`For ${userId}`);
    const id = await publishOne(api, userId, { type, title });
    expect(await settledEmail(api, id)).toMatchObject({ status: "sent" });
    return mailsTitled(title)[0];
  }

  it("turns off exactly that type's email for exactly that person; altered links change nothing", async () => {
    const fays = headerUrl(await mailFor("fay", "email.soon"));
    const guss = headerUrl(await mailFor("gus", "email.soon"));
    const before = await preferenceRows();

    // Another person's name under fay's signature, a changed signature, no token: 422, nothing changed.
    const token = new URL(fays).searchParams.get("token")!;
    const [, signature] = token.split(".");
    const asGus = `${Buffer.from(JSON.stringify(["gus", "email.soon"])).toString("base64url")}.${signature}`;
    const otherType = `${Buffer.from(JSON.stringify(["fay", "email.other"])).toString("base64url")}.${signature}`;
    for (const forged of [asGus, otherType, `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`, ""]) {
      const res = await post(`${PUBLIC_URL}/api/v1/unsubscribe?token=${forged}`);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "query.token", message: expect.any(String) }] });
    }
    // Opening the links (a person, a mail scanner) changes nothing either.
    const opened = await fetch(`${server.url}/api/v1/unsubscribe?token=${token}`, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/unsubscribe?token=${token}`);
    const page = await fetch(`${server.url}/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop emails about “Soon”?");
    expect(await preferenceRows()).toEqual(before);

    const res = await post(fays);
    expect(res).toEqual({ status: 200, body: { preference: { type: "email.soon", channel: "email", enabled: false } } });
    expect(await preferenceRows()).toEqual([...before, { user_id: "fay", type: "email.soon", channel: "email", enabled: false }].sort(byKey));
    expect((await post(fays)).status).toBe(200); // again: still off, nothing else

    // What it means: fay's next "Soon" skips email, her "Other" and gus's "Soon" still send.
    const next = await publishOne(api, "fay", { type: "email.soon", title: unique("After unsubscribing") });
    expect(await emailDelivery(api, next)).toMatchObject({ status: "skipped", reason: "turned off in preferences" });
    await mailFor("fay", "email.other");
    await mailFor("gus", "email.soon");
    expect(new URL(guss).searchParams.get("token")).not.toBe(token);
    expect(await (await fetch(`${server.url}/unsubscribe?token=${token}`)).text()).toContain("You no longer get emails about “Soon”");
  });

  it("offers no unsubscribe for a critical type, and refuses a link for one", async () => {
    const mail = await mailFor("hal", "email.critical");
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    expect(mail.headers["list-unsubscribe-post"]).toBeUndefined();
    expect(mail.text).toContain("“Outage” is critical: its emails cannot be turned off.");
    // A link minted as Herald would (same AUTH_SECRET), e.g. from before the type became critical.
    const token = signUnsubscribeToken(unsubscribeKey(TEST_AUTH_SECRET), { userId: "hal", type: "email.critical" }, "hal@example.test");
    const before = await preferenceRows();
    const res = await post(`${PUBLIC_URL}/api/v1/unsubscribe?token=${token}`);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe("Outage is critical: its emails cannot be turned off");
    expect(await preferenceRows()).toEqual(before);
    expect(await (await fetch(`${server.url}/unsubscribe?token=${token}`)).text()).toContain("“Outage” emails cannot be turned off");
  });
});

type PreferenceRow = { user_id: string; type: string; channel: string; enabled: boolean };
const key = (r: PreferenceRow) => `${r.user_id}\u0000${r.type}\u0000${r.channel}`;
const byKey = (a: PreferenceRow, b: PreferenceRow) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
