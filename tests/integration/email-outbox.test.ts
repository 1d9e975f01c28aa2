// Email without SMTP (the one-box default): mail is written to the email_outbox table and
// the delivery log says so. And SMTP settings that cannot connect: the instance starts
// anyway (in-app delivery never waits for a provider) and its log says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../server/db/index.ts";
import { apiClient, createUsers, waitFor, type Api } from "../support/clients.ts";
import { defineType, publishOne, settledEmail } from "../support/email.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, PUBLIC_URL: "https://herald.example" });
  api = await apiClient(server.url);
  await defineType(api, "email.soon", { priority: "high", defaultChannels: ["in_app", "email"], displayName: "Soon", emailAfterSeconds: 1 });
  await createUsers("ann", "nomail");
  await sql().query("UPDATE users SET email = NULL WHERE id = 'nomail'");
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("email without SMTP", () => {
  it("writes the mail to the outbox, and the delivery log says so", async () => {
    expect(server.logs().some((l) => l.msg === "email: no SMTP_URL, so mail is written to the outbox table")).toBe(true);
    const title = `To the outbox ${Math.random()}`;
    const id = await publishOne(api, "ann", { type: "email.soon", title, body: "Body text", actionUrl: "/x" });
    expect(await settledEmail(api, id)).toMatchObject({ status: "sent", reason: "written to the outbox (no SMTP configured)", attempts: 1 });
    const { rows } = await sql().query<{ to_address: string; subject: string; text_body: string; html_body: string; headers: Record<string, string> }>(
      "SELECT to_address, subject, text_body, html_body, headers FROM email_outbox WHERE notification_id = $1",
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to_address: "ann@example.test", subject: title });
    expect(rows[0].text_body).toContain("Body text\n\nView notification: https://herald.example/x");
    expect(rows[0].html_body).toContain('<a href="https://herald.example/x"');
    expect(rows[0].headers).toEqual({
      From: "Herald <notifications@herald.example>",
      "List-Unsubscribe": expect.stringMatching(/^<https:\/\/herald\.example\/api\/v1\/unsubscribe\?token=[\w-]+\.[\w-]+>$/),
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("skips a person without an email address, and says why", async () => {
    const id = await publishOne(api, "nomail", { type: "email.soon", title: "Nowhere to send" });
    expect(await settledEmail(api, id)).toMatchObject({ status: "skipped", reason: "no email address", attempts: 0 });
    expect((await sql().query("SELECT 1 FROM email_outbox WHERE notification_id = $1", [id])).rowCount).toBe(0);
  });
});

describe("SMTP settings that cannot connect", () => {
  it("start anyway, with a warning that says which server and why, and no password", async () => {
    // A database of its own: this instance must not take the other server's email jobs.
    const own = await createTestDatabase({ connect: false });
    const broken = await startHerald({
      DATABASE_URL: own.url,
      SMTP_URL: "smtp://mailer:hunter2-secret@127.0.0.1:1",
      MAIL_FROM: "Herald <notifications@herald.test>",
      ALLOW_PRIVATE_NETWORK_TARGETS: "true",
    });
    try {
      const warning = await waitFor(() => broken.logs().find((l) => l.msg === "SMTP server cannot be used"));
      expect(warning).toMatchObject({ level: "warn", smtp: "127.0.0.1:1", reason: "connection refused" });
      expect(broken.output()).not.toContain("hunter2");
      expect((await fetch(`${broken.url}/readyz`)).status).toBe(200);
    } finally {
      await broken.stop();
      await own.drop();
    }
  });
});
