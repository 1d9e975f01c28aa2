// The SMTP provider's own cases, against real servers on 127.0.0.1: credentials from the
// URL, refusals (final or temporary), and servers that are down, silent or stalled, which
// must end a send in bounded time with a reason an operator can act on.
import { mkdtempSync, rmSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../../../tests/support/smtp-sink.ts";
import { loadConfig } from "../../config/index.ts";
import { AppError } from "../../errors.ts";
import type { EmailMessage } from "./email-provider.ts";
import { smtpProvider, smtpTransportOptions, verifySmtp, type SmtpLimits } from "./smtp.ts";

const dataDir = mkdtempSync(join(tmpdir(), "herald-smtp-"));
const quick: SmtpLimits = { connectionTimeout: 2000, greetingTimeout: 300, socketTimeout: 10_000, sendTimeout: 800 };
let sink: SmtpSink;
let refusing: SmtpSink;
let busy: SmtpSink;

beforeAll(async () => {
  [sink, refusing, busy] = await Promise.all([startSmtpSink(), startSmtpSink({ refuse: ["nobody@people.test"] }), startSmtpSink({ tempFail: true })]);
});

beforeEach(() => {
  loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
});

afterAll(async () => {
  await Promise.all([sink?.stop(), refusing?.stop(), busy?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const message = (to = "alice@people.test"): EmailMessage => ({
  notificationId: null,
  from: "Herald <notifications@herald.test>",
  to,
  subject: `hello ${Math.random()}`,
  text: "hello",
  html: "<p>hello</p>",
  headers: {},
});

/** A TCP server that accepts and then does what `behave` says with each connection. */
async function fakeServer(behave: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  let closed = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => closed++).on("error", () => {});
    behave(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closedByClient: () => closed,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("SMTP provider", () => {
  it("signs in with the credentials in the URL, percent-decoded", async () => {
    const url = sink.url.replace("smtp://", "smtp://mailer%40herald:p%3Ass%20word@");
    expect((await smtpProvider(url).send(message())).accepted).toBe(true);
    expect(sink.logins.at(-1)).toEqual({ user: "mailer@herald", password: "p:ss word" });
  });

  it("reports a recipient the server refuses for good (5xx) as not accepted, without throwing", async () => {
    const result = await smtpProvider(refusing.url).send(message("nobody@people.test"));
    expect(result).toEqual({ accepted: false, response: expect.stringContaining("550") });
    expect(refusing.received).toHaveLength(0);
  });

  it("throws on a temporary refusal (4xx), so the job retries", async () => {
    await expect(smtpProvider(busy.url).send(message())).rejects.toThrow(/451/);
  });

  it("throws 'connection refused' for a server that is down", async () => {
    const down = await fakeServer(() => {});
    await down.stop(); // the port is free again: nothing listens
    await expect(smtpProvider(down.url, quick).send(message())).rejects.toThrow("connection refused");
  });

  it("gives up on a server that never greets, within the greeting timeout", async () => {
    const silent = await fakeServer(() => {});
    try {
      await expect(smtpProvider(silent.url, quick).send(message())).rejects.toThrow(/no answer in time \(Greeting never received/);
    } finally {
      await silent.stop();
    }
  });

  it("cuts a conversation that stalls past the deadline, and closes the connection", async () => {
    // Greets and answers EHLO, then never answers MAIL FROM (socketTimeout alone would wait 10 s).
    const stalled = await fakeServer((socket) => {
      socket.write("220 stall.test ESMTP\r\n");
      socket.on("data", (chunk) => {
        if (chunk.toString().startsWith("EHLO")) socket.write("250 stall.test\r\n");
      });
    });
    try {
      await expect(smtpProvider(stalled.url, quick).send(message())).rejects.toThrow("no answer within 0.8 s");
      await expect.poll(() => stalled.closedByClient()).toBe(1);
    } finally {
      await stalled.stop();
    }
  });

  it("does not connect to a private address unless ALLOW_PRIVATE_NETWORK_TARGETS is set", async () => {
    loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
    const before = sink.received.length;
    await expect(smtpProvider(sink.url).send(message())).rejects.toThrow(/Refused to connect to 127\.0\.0\.1.*not a public address/);
    expect(sink.received).toHaveLength(before);
  });

  it("reads SMTP_URL: smtps:// is TLS from the start on 465, smtp:// must upgrade to TLS on public networks", () => {
    loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
    expect(smtpTransportOptions("smtps://u:p@mail.example.com")).toMatchObject({ host: "mail.example.com", port: 465, secure: true, requireTLS: false });
    expect(smtpTransportOptions("smtp://mail.example.com")).toMatchObject({ port: 587, secure: false, requireTLS: true, auth: undefined });
    expect(smtpTransportOptions("smtp://[2001:db8::1]:2525")).toMatchObject({ host: "2001:db8::1", port: 2525 });
  });
});

describe("verifySmtp (the admin console's check)", () => {
  it("answers with the server it reached", async () => {
    expect(await verifySmtp(sink.url)).toEqual({ server: `127.0.0.1:${sink.port}` });
  });

  it("is a 422 that says why for settings that cannot connect: refused, silent, blocked, not a URL", async () => {
    const silent = await fakeServer(() => {});
    const down = await fakeServer(() => {});
    await down.stop();
    try {
      const refusal = (url: string) => verifySmtp(url, quick).then(() => undefined, (error: unknown) => error);
      const cases: [string, RegExp][] = [
        [down.url, /^Cannot use the SMTP server at 127\.0\.0\.1:\d+: connection refused$/],
        [silent.url, /^Cannot use the SMTP server at 127\.0\.0\.1:\d+: no answer in time/],
        ["smtp://", /not valid/],
        ["http://mail.example.com", /not valid/],
      ];
      for (const [url, message] of cases) {
        const error = await refusal(url);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(422);
        expect((error as AppError).message).toMatch(message);
        expect((error as AppError).toBody().error.details).toEqual([expect.objectContaining({ path: "smtpUrl" })]);
      }
      loadConfig({ DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
      expect(await refusal(sink.url)).toMatchObject({ status: 422, message: expect.stringMatching(/not a public address/) });
    } finally {
      await silent.stop();
    }
  });

  it("never puts the password in its answer", async () => {
    const down = await fakeServer(() => {});
    await down.stop();
    const error = (await verifySmtp(down.url.replace("smtp://", "smtp://user:hunter2-secret@"), quick).catch((e: unknown) => e)) as AppError;
    expect(JSON.stringify(error.toBody())).not.toContain("hunter2");
    expect(error.message).toContain("connection refused");
  });
});
