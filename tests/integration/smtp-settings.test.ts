// SMTP saved from the admin console names a host the server will connect to: an internal
// one (loopback, link-local metadata, private ranges, localhost) is refused with 422 when
// it is stored, unless ALLOW_PRIVATE_NETWORK_TARGETS says private targets are fine.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson } from "../support/people.ts";
import { sessionCookie } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest } from "../support/user-api.ts";

let database: TestDatabase;
let server: HeraldProcess;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
  await createPerson("ada");
  await db().user.update({ where: { id: "ada" }, data: { role: "admin" } });
  cookie = (await sessionCookie("ada")).cookie;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const save = (smtpUrl: string) =>
  rawRequest(server.url, "PUT", "/api/v1/admin/channels/smtp", { body: { smtpUrl, mailFrom: "Ops <ops@example.com>" }, headers: { cookie } });

it.each(["smtp://u:p@127.0.0.1:25", "smtps://169.254.169.254:465", "smtp://localhost:25", "smtp://10.1.2.3:587", "smtp://[::1]:25", "smtp://2130706433:25"])(
  "refuses %s with 422 and stores nothing",
  async (smtpUrl) => {
    const before = (await db().deploymentSettings.findFirst())?.smtpUrl ?? null;
    const res = await save(smtpUrl);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "smtpUrl", message: expect.stringMatching(/must not point to/) }] });
    expect(JSON.stringify(res.body)).not.toContain(":p@");
    expect((await db().deploymentSettings.findFirst())?.smtpUrl ?? null).toBe(before);
  },
);

it("accepts a public mail host", async () => {
  const res = await save("smtps://mailer:secret@smtp.example.com:465");
  expect(res.status).toBe(200);
  expect((await db().deploymentSettings.findFirst())?.smtpUrl).toBe("smtps://mailer:secret@smtp.example.com:465");
});
