// A Web Push service for tests: an HTTPS server (web-push speaks only https) with a
// certificate made here by openssl, that records every push it gets and answers each
// endpoint as the test scripts it (201 by default; 410; 429 then 201; or never).
// Servers that send to it trust the certificate through NODE_EXTRA_CA_CERTS or `ca`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { leaveUndo } from "./leftovers.ts";

export type ReceivedPush = { name: string; headers: IncomingHttpHeaders; body: Buffer };

/** What an endpoint answers, in order; the last answer repeats. "hang" never answers. */
export type Script = (number | "hang")[];

export type PushService = {
  origin: string;
  /** The certificate (PEM file) to trust. */
  caPath: string;
  ca: string;
  /** An endpoint URL on this service; `host` defaults to 127.0.0.1. */
  endpoint: (name: string, host?: string) => string;
  script: (name: string, answers: Script) => void;
  /** Pushes received, for one endpoint or all. */
  received: (name?: string) => ReceivedPush[];
  close: () => Promise<void>;
};

export async function startPushService(): Promise<PushService> {
  const dir = mkdtempSync(join(tmpdir(), "herald-push-service-"));
  const undoDir = leaveUndo(() => rmSync(dir, { recursive: true, force: true }));
  const [keyPath, caPath] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  // One self-signed certificate for every name the tests use to reach this machine.
  const names = ["IP:127.0.0.1", "DNS:localhost", `DNS:${hostname()}`].join(",");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=herald-test-push-service", "-addext", `subjectAltName=${names}`, "-keyout", keyPath, "-out", caPath,
  ], { stdio: "ignore" });
  const ca = readFileSync(caPath, "utf8");

  const pushes: ReceivedPush[] = [];
  const scripts = new Map<string, Script>();
  const server: Server = createServer({ key: readFileSync(keyPath), cert: ca }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const name = decodeURIComponent((req.url ?? "").replace(/^\/push\//, ""));
      pushes.push({ name, headers: req.headers, body: Buffer.concat(chunks) });
      const script = scripts.get(name) ?? [201];
      const answer = script.length > 1 ? script.shift()! : script[0];
      if (answer === "hang") return;
      res.writeHead(answer, { "content-type": "text/plain" });
      res.end(answer >= 400 ? `test push service says ${answer}` : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const close = async () => {
    undoServer();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
    undoDir();
  };
  const undoServer = leaveUndo(close);
  return {
    origin: `https://127.0.0.1:${port}`,
    caPath,
    ca,
    endpoint: (name, host = "127.0.0.1") => `https://${host}:${port}/push/${encodeURIComponent(name)}`,
    script: (name, answers) => void scripts.set(name, [...answers]),
    received: (name) => pushes.filter((p) => name === undefined || p.name === name),
    close,
  };
}
