// Real nodemailer against a minimal SMTP responder on 127.0.0.1: the guard decides whether
// the TCP connection is opened at all.
import { createRequire } from "node:module";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ResolveHost } from "./guarded-lookup.ts";
import { withGuardedSmtpSocket } from "./guarded-smtp.ts";

// nodemailer ships no types and @types/nodemailer is not a dependency: declare what we use.
type Transport = { verify(): Promise<true>; close(): void };
const nodemailer = createRequire(import.meta.url)("nodemailer") as { createTransport(options: object): Transport };

let server: net.Server;
let port: number;
let connections = 0;
let commands: string[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  // Just enough SMTP for nodemailer's verify(): greeting, EHLO, QUIT.
  server = net.createServer((socket) => {
    connections++;
    sockets.add(socket.on("close", () => sockets.delete(socket)));
    socket.write("220 test.local ESMTP\r\n");
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\r\n"); end >= 0; end = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        commands.push(line.split(" ")[0]);
        if (line.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 test.local\r\n");
      }
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((closed) => server.close(closed));
});

beforeEach(() => {
  connections = 0;
  commands = [];
});

async function verify(options: object, guard: Parameters<typeof withGuardedSmtpSocket>[1]) {
  const transport = nodemailer.createTransport(withGuardedSmtpSocket({ port, ignoreTLS: true, ...options }, guard));
  try {
    return await transport.verify();
  } finally {
    transport.close();
  }
}

describe("withGuardedSmtpSocket (nodemailer getSocket)", () => {
  it("refuses an SMTP host that resolves to loopback: no connection is opened", async () => {
    await expect(verify({ host: "localhost" }, { allowPrivate: false })).rejects.toMatchObject({
      code: "EBLOCKEDADDRESS",
      address: "127.0.0.1",
    });
    await expect(verify({ host: "127.0.0.1" }, { allowPrivate: false })).rejects.toMatchObject({ code: "EBLOCKEDADDRESS" });
    expect(connections).toBe(0);
  });

  it("refuses a name rebound to a private address at connect time", async () => {
    const rebound: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
    await expect(verify({ host: "smtp.example.com" }, { resolve: rebound, allowPrivate: false })).rejects.toMatchObject({
      code: "EBLOCKEDADDRESS",
      hostname: "smtp.example.com",
    });
    expect(connections).toBe(0);
  });

  it("connects and speaks SMTP when private targets are allowed", async () => {
    expect(await verify({ host: "localhost" }, { allowPrivate: true })).toBe(true);
    expect(connections).toBe(1);
    // verify() resolves on the reply to EHLO; its QUIT may still be in flight.
    expect(commands[0]).toBe("EHLO");
  });

  it("will not combine with nodemailer's proxy option, which would replace the guard", () => {
    expect(() => withGuardedSmtpSocket({ host: "smtp.example.com", proxy: "http://proxy:3128" })).toThrow(/bypass/);
  });
});
