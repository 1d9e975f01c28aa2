// The contract every email provider keeps, run against each: SMTP against a real SMTP
// server started here (smtp-server), the outbox against a real PostgreSQL. Whatever the
// provider, the message arrives whole (sender, recipient, subject, both bodies, the
// unsubscribe header fields) exactly once per send, and the provider says it took it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../tests/support/clients.ts";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../../../tests/support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.ts";
import { loadConfig } from "../../config/index.ts";
import { sql } from "../../db/index.ts";
import type { EmailMessage, EmailProvider } from "./email-provider.ts";
import { OUTBOX_RESPONSE, outboxProvider } from "./outbox.ts";
import { smtpProvider } from "./smtp.ts";

let sink: SmtpSink;
let database: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), "herald-email-contract-"));

beforeAll(async () => {
  loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
  [sink, database] = await Promise.all([startSmtpSink(), createTestDatabase()]);
});

afterAll(async () => {
  await sink?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Subject = { provider: () => EmailProvider; response: RegExp; received: (subject: string) => Promise<ReceivedMail[]> };

const subjects: Record<string, Subject> = {
  smtp: {
    provider: () => smtpProvider(sink.url),
    response: /^250 /,
    received: async (subject) => sink.received.filter((m) => m.subject === subject),
  },
  outbox: {
    provider: () => outboxProvider,
    response: new RegExp(`^${OUTBOX_RESPONSE.replace(/[()]/g, "\\$&")}$`),
    received: async (subject) => {
      const { rows } = await sql().query<{ to_address: string; subject: string; text_body: string; html_body: string; headers: Record<string, string> }>(
        "SELECT to_address, subject, text_body, html_body, headers FROM email_outbox WHERE subject = $1",
        [subject],
      );
      return rows.map((r) => ({
        from: r.headers.From,
        to: [r.to_address],
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
        user: undefined,
      }));
    },
  },
};

let made = 0;
function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  made++;
  const token = "eyJhIjoiYiJ9.c2lnbmF0dXJl".repeat(12); // as long as a real one
  return {
    notificationId: null,
    from: "Herald <notifications@herald.test>",
    to: "alice@people.test",
    subject: `Bob mentioned you (${made} ${Math.random()})`,
    text: "Bob mentioned you\n\nLooks good\n\nView notification: https://herald.test/tasks/1\n",
    html: '<!doctype html><html><body><h1 dir="auto">Bob mentioned you</h1><p>Looks good</p></body></html>\n',
    headers: { "List-Unsubscribe": `<https://herald.test/api/v1/unsubscribe?token=${token}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    ...overrides,
  };
}

describe.each(Object.keys(subjects))("email provider contract: %s", (name) => {
  const subject = subjects[name];

  it("takes a message, says so, and it arrives whole: sender, recipient, subject, bodies, header fields", async () => {
    const sent = message();
    const result = await subject.provider().send(sent);
    expect(result.accepted).toBe(true);
    expect(result.response).toMatch(subject.response);
    const [mail] = await eventually(async () => {
      const found = await subject.received(sent.subject);
      return found.length > 0 && found;
    });
    expect(mail.from).toBe("Herald <notifications@herald.test>");
    expect(mail.to).toEqual(["alice@people.test"]);
    expect(mail.subject).toBe(sent.subject);
    expect(mail.text).toBe(sent.text);
    expect(mail.html).toBe(sent.html);
    // Unfolded and unchanged: a mail client POSTs to exactly this URL.
    expect(mail.headers["list-unsubscribe"]).toBe(sent.headers["List-Unsubscribe"]);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("keeps right-to-left text, emoji and line breaks exactly", async () => {
    const sent = message({ subject: `שלום 👋 مرحبا ${Math.random()}`, text: "שלום עולם\nمرحبا بالعالم 👋\n", html: '<p dir="auto">שלום<br>\nمرحبا 👋</p>\n' });
    expect((await subject.provider().send(sent)).accepted).toBe(true);
    const [mail] = await eventually(async () => {
      const found = await subject.received(sent.subject);
      return found.length > 0 && found;
    });
    expect(mail.subject).toBe(sent.subject);
    expect(mail.text).toBe(sent.text);
    expect(mail.html).toBe(sent.html);
  });

  it("delivers one message per send", async () => {
    const first = message();
    const second = message();
    const provider = subject.provider();
    await provider.send(first);
    await provider.send(second);
    // The second send's arrival is the barrier: the first one has arrived by then, once.
    await eventually(async () => (await subject.received(second.subject)).length > 0);
    expect(await subject.received(first.subject)).toHaveLength(1);
    expect(await subject.received(second.subject)).toHaveLength(1);
  });
});
