// A real HTTPS server on 127.0.0.1 with a certificate made here, reached through the
// guarded agent the way web-push reaches a push service (https.request with `agent`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGuardedAgent, type GuardedAgentOptions } from "./guarded-agent.ts";
import { resolveAllowedAddresses, type ResolveHost } from "./guarded-lookup.ts";
import { outboundUrlSchema } from "./outbound-url.ts";

let dir: string;
let ca: Buffer;
let server: https.Server;
let port: number;
let connections = 0;
let requests: string[] = [];
const agents: https.Agent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "herald-net-tls-"));
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,DNS:push.rebind.test,IP:127.0.0.1",
    "-keyout", key, "-out", cert,
  ], { stdio: "ignore" });
  ca = readFileSync(cert);
  server = https.createServer({ key: readFileSync(key), cert: ca }, (req, res) => {
    requests.push(`${req.method} ${req.headers.host}${req.url}`);
    res.writeHead(200).end("pushed");
  });
  server.on("connection", () => connections++);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  connections = 0;
  requests = [];
});

afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

function agent(options: GuardedAgentOptions) {
  const created = createGuardedAgent({ ca, ...options });
  agents.push(created);
  return created;
}

function post(url: string, via: https.Agent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(url, { method: "POST", agent: via }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject).end("payload");
  });
}

describe("createGuardedAgent against a real HTTPS server on 127.0.0.1", () => {
  it("refuses localhost (resolved through /etc/hosts) without the allow setting: the server gets nothing", async () => {
    await expect(post(`https://localhost:${port}/push`, agent({ allowPrivate: false }))).rejects.toMatchObject({
      name: "BlockedAddressError",
      code: "EBLOCKEDADDRESS",
      hostname: "localhost",
      address: "127.0.0.1",
      range: "loopback",
    });
    expect(connections).toBe(0);
    expect(requests).toEqual([]);
  });

  it("refuses an IP-literal host, which Node connects to without any lookup", async () => {
    await expect(post(`https://127.0.0.1:${port}/push`, agent({ allowPrivate: false }))).rejects.toMatchObject({
      code: "EBLOCKEDADDRESS",
      address: "127.0.0.1",
    });
    expect(connections).toBe(0);
    expect(requests).toEqual([]);
  });

  it("connects when private targets are allowed", async () => {
    expect(await post(`https://localhost:${port}/push`, agent({ allowPrivate: true }))).toEqual({ status: 200, body: "pushed" });
    expect(await post(`https://127.0.0.1:${port}/again`, agent({ allowPrivate: true }))).toEqual({ status: 200, body: "pushed" });
    expect(requests).toEqual([`POST localhost:${port}/push`, `POST 127.0.0.1:${port}/again`]);
  });

  it("refuses DNS rebinding: the name was public when stored and checked, loopback when connecting", async () => {
    const url = `https://push.rebind.test:${port}/push`;
    const answered: string[] = [];
    const rebinding: ResolveHost = async () => {
      const address = answered.length === 0 ? "93.184.215.14" : "127.0.0.1";
      answered.push(address);
      return [{ address, family: 4 }];
    };
    const guard = { resolve: rebinding, allowPrivate: false };

    // Storage time: the URL is acceptable and the name resolves to a public address.
    expect(outboundUrlSchema(guard).parse(url)).toBe(url);
    expect(await resolveAllowedAddresses("push.rebind.test", {}, guard)).toEqual([{ address: "93.184.215.14", family: 4 }]);

    // Connect time: the next answer is 127.0.0.1, and the socket's own lookup refuses it.
    await expect(post(url, agent(guard))).rejects.toMatchObject({ code: "EBLOCKEDADDRESS", address: "127.0.0.1" });
    expect(answered).toEqual(["93.184.215.14", "127.0.0.1"]);
    expect(connections).toBe(0);
    expect(requests).toEqual([]);
  });

  it("really connects where the injected resolver points (control for the rebinding case)", async () => {
    const loopback: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
    const url = `https://push.rebind.test:${port}/push`;
    expect(await post(url, agent({ resolve: loopback, allowPrivate: true }))).toEqual({ status: 200, body: "pushed" });
    expect(requests).toEqual([`POST push.rebind.test:${port}/push`]);
  });

  it("is an https.Agent, as web-push's agent option requires", () => {
    expect(agent({})).toBeInstanceOf(https.Agent);
  });
});
