// GET /healthz, /readyz and /metrics, answered by the custom server's request listener
// before Next and outside the API router (no API key: probes carry none). /healthz and
// /readyz are public and say only ok or not, with short fixed reasons. /metrics needs
// `Authorization: Bearer <METRICS_TOKEN>`; with no token configured it is not served on
// the public port at all (404), only on METRICS_PORT (127.0.0.1) when that is set.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { AppError } from "../errors.ts";
import { log } from "../log.ts";
import { metrics } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";

const PATHS = ["/healthz", "/readyz", "/metrics"] as const;
type ObservabilityPath = (typeof PATHS)[number];

/** The observability path `url` names (query string ignored), if any. */
export function observabilityPath(url: string | undefined): ObservabilityPath | undefined {
  if (!url) return undefined;
  return PATHS.find((p) => url === p || (url.startsWith(p) && url[p.length] === "?"));
}

export type EndpointOptions = {
  readiness?: Readiness;
  /** Serve /metrics here; with a token, only to `Authorization: Bearer <token>`. */
  metrics: { served: boolean; token?: string };
};

/** A request handler that answers the observability paths it serves and returns false for any other. */
export function createObservabilityHandler(options: EndpointOptions) {
  const tokenDigest = options.metrics.token === undefined ? undefined : sha256(options.metrics.token);
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = observabilityPath(req.url);
    if (!path || (path !== "/metrics" && !options.readiness)) return false;
    answer(path, req, res).catch((err: unknown) => {
      log.error({ err, path }, "observability endpoint failed");
      sendError(res, new AppError("internal", "Internal server error"));
    });
    return true;
  };

  async function answer(path: ObservabilityPath, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { readiness } = options;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return sendError(res, new AppError("method_not_allowed", `${req.method} is not allowed here; use GET`));
    }
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz" && readiness) {
      const report = await readiness.check();
      return sendJson(res, report.status === "ready" ? 200 : 503, report);
    }
    if (!options.metrics.served) return sendError(res, new AppError("not_found", `No endpoint ${req.method} /metrics`));
    if (tokenDigest && !bearerMatches(req.headers.authorization, tokenDigest)) {
      res.setHeader("www-authenticate", "Bearer");
      return sendError(res, new AppError("unauthorized", "The metrics token is missing or wrong"));
    }
    const { registry } = metrics();
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
    res.end(text);
  }
}

/** METRICS_PORT: /metrics alone, on its own listener bound to 127.0.0.1. */
export async function listenForMetrics(port: number, token: string | undefined) {
  const handle = createObservabilityHandler({ metrics: { served: true, token } });
  const server = createServer((req, res) => {
    if (!handle(req, res)) sendError(res, new AppError("not_found", "Only /metrics is served here"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  log.info({ url: `http://127.0.0.1:${bound}/metrics` }, "metrics listening");
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

// Compared as digests, in constant time: neither the token's content nor its length leaks.
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  return timingSafeEqual(sha256(header.slice("Bearer ".length).trim()), expected);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

function sendError(res: ServerResponse, error: AppError): void {
  if (res.headersSent) return void res.end();
  sendJson(res, error.status, error.toBody());
}
