// The versioned JSON API (/api/v1) served straight from the custom server. These
// endpoints are the hot path for machines (a publish is ~0.2 ms of routing here against
// ~1.3 ms of CPU through Next's route-handler pipeline, measured in docs/benchmarks.md),
// so they skip Next; pages and next-auth stay in Next. Route handlers stay thin: parse,
// authorize, call one domain function.
import Router, { type HTTPVersion } from "find-my-way";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors.ts";
import { getConfig } from "../config/index.ts";
import { log } from "../log.ts";
import { toAppError } from "./errors.ts";

export const API_PREFIX = "/api/v1/";

export type ApiRequest = { raw: IncomingMessage; params: Record<string, string>; query: URLSearchParams };
export type ApiResult = { status: number; body: unknown };
export type ApiRoute = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  handler: (req: ApiRequest) => Promise<ApiResult>;
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export function createApiHandler(routes: ApiRoute[]) {
  const router = Router<HTTPVersion.V1>({ ignoreTrailingSlash: true, maxParamLength: 200 });
  for (const route of routes) {
    router.on(route.method, route.path, (req, res, params) => void run(route, req, res, params));
  }

  return function handleApi(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0];
    if (allowCrossOrigin(req, res) && req.method === "OPTIONS") {
      const allowed = METHODS.filter((m) => router.find(m, path));
      res.writeHead(allowed.length ? 204 : 404, {
        "access-control-allow-methods": allowed.join(", "),
        "access-control-allow-headers": "authorization, content-type",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    const match = router.find(req.method as "GET", path);
    if (match) {
      match.handler(req, res, match.params, match.store, match.searchParams);
      return;
    }
    // Tell a wrong method (405) from an unknown path (404).
    const allowed = METHODS.filter((m) => router.find(m, path));
    const error = allowed.length
      ? new AppError("method_not_allowed", `${req.method} is not allowed here; use ${allowed.join(" or ")}`)
      : new AppError("not_found", `No endpoint ${req.method} ${path}`);
    if (allowed.length) res.setHeader("allow", allowed.join(", "));
    send(res, error.status, error.toBody());
  };
}

/**
 * Browser apps on the allowed origins (ALLOWED_ORIGINS) may call the API with a user
 * token. Cookies are never accepted cross-origin (no Allow-Credentials).
 */
function allowCrossOrigin(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin || !getConfig().allowedOrigins.includes(origin)) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  return true;
}

async function run(route: ApiRoute, raw: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>) {
  try {
    const url = raw.url ?? "";
    const q = url.indexOf("?");
    const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
    const result = await route.handler({ raw, params: params as Record<string, string>, query });
    send(res, result.status, result.body);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.status >= 500) log.error("request failed", { method: raw.method, url: raw.url, error: errorText(error) });
    // The rest of an oversized or unread body is not worth reading.
    if (!raw.readableEnded) res.setHeader("connection", "close");
    send(res, appError.status, appError.toBody());
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const json = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
