// The versioned JSON API (/api/v1) served straight from the custom server. These
// endpoints are the hot path for machines (a publish is ~0.2 ms of routing here against
// ~1.3 ms of CPU through Next's route-handler pipeline, measured in docs/benchmarks.md),
// so they skip Next; pages and next-auth stay in Next.
//
// Every route is declared with `route({ method, path, auth, handler })`. The router, not
// the handler, authenticates the caller the route declares (a service key or a user),
// refuses text PostgreSQL cannot store in path segments and query strings, gives each
// request an id (echoed as X-Request-Id) and a logger, and maps every error to one body.
import Router, { type HTTPVersion } from "find-my-way";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ZodType, z } from "zod";
import { AppError } from "../errors.ts";
import { getConfig } from "../config/index.ts";
import { log, type Logger } from "../log.ts";
import { recordHttpRequest } from "../observability/record.ts";
import { authenticateCaller, describeCaller, type Callers, type CallerKind } from "./caller.ts";
import { textProblem, type InputProblem } from "./clean-input.ts";
import { toAppError } from "./errors.ts";
import { readJson } from "./read-json.ts";

export const API_PREFIX = "/api/v1/";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** `headers`: extra response header fields (a redirect's Location). */
export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

export type RouteContext<K extends CallerKind> = {
  caller: Callers[K];
  raw: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  requestId: string;
  /** performance.now() when the request reached the router (latency metrics). */
  startedAt: number;
  log: Logger;
  /** Reads, checks and validates the JSON body. */
  body: <S extends ZodType>(schema: S, maxBytes: number) => Promise<z.output<S>>;
};

export type ApiRoute = {
  method: Method;
  path: string;
  auth: CallerKind;
  handler: (ctx: RouteContext<CallerKind>) => Promise<ApiResult>;
};

/** Declares a route; the handler's `ctx.caller` is typed by `auth`. */
export function route<K extends CallerKind>(definition: {
  method: Method;
  path: string;
  auth: K;
  handler: (ctx: RouteContext<K>) => Promise<ApiResult>;
}): ApiRoute {
  return definition as unknown as ApiRoute;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export function createApiHandler(routes: ApiRoute[]) {
  const router = Router<HTTPVersion.V1>({ ignoreTrailingSlash: true, maxParamLength: 200 });
  for (const r of routes) {
    router.on(r.method, r.path, (req, res, params) => void run(r, req, res, params));
  }

  return function handleApi(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0];
    if (allowCrossOrigin(req, res) && req.method === "OPTIONS") {
      const allowed = METHODS.filter((m) => router.find(m, path));
      res.writeHead(allowed.length ? 204 : 404, {
        "access-control-allow-methods": allowed.join(", "),
        "access-control-allow-headers": "authorization, content-type, x-request-id, idempotency-key",
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
      : new AppError("not_found", `No endpoint ${req.method} ${textProblem(path) ? "(unreadable path)" : path}`);
    if (allowed.length) res.setHeader("allow", allowed.join(", "));
    recordHttpRequest("(unmatched)", error.status);
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
  res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
  res.setHeader("vary", "Origin");
  return true;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

async function run(r: ApiRoute, raw: IncomingMessage, res: ServerResponse, rawParams: Record<string, string | undefined>) {
  const started = performance.now();
  const incomingId = raw.headers["x-request-id"];
  const requestId = typeof incomingId === "string" && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  res.setHeader("x-request-id", requestId);
  // A child logger costs more than the rest of the routing, so it is made only when used.
  const bindings: Record<string, string> = { reqId: requestId, method: r.method, route: r.path };
  let child: Logger | undefined;
  const reqLog = () => (child ??= log.child(bindings));
  try {
    const url = raw.url ?? "";
    const q = url.indexOf("?");
    const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
    const params = rawParams as Record<string, string>;
    const problems = inputProblems(params, query);
    if (problems.length > 0) throw new AppError("validation_failed", "The request is not valid", problems);
    const caller = await authenticateCaller(r.auth, raw);
    bindings.caller = describeCaller(caller);
    const body = <S extends ZodType>(schema: S, maxBytes: number) => readJson(raw, schema, maxBytes);
    const result = await r.handler({ caller, raw, params, query, requestId, startedAt: started, get log() { return reqLog(); }, body });
    send(res, result.status, result.body, result.headers);
    recordHttpRequest(r.path, result.status);
    if (log.isLevelEnabled("debug")) reqLog().debug({ status: result.status, ms: elapsed(started) }, "request");
  } catch (error) {
    const appError = toAppError(error);
    // 503s (database unavailable) are logged once per outage where they are made.
    if (appError.code === "internal") reqLog().error({ err: error, ms: elapsed(started) }, "request failed");
    else if (log.isLevelEnabled("debug")) reqLog().debug({ status: appError.status, code: appError.code, ms: elapsed(started) }, "request refused");
    // The rest of an oversized or unread body is not worth reading.
    if (!raw.readableEnded) res.setHeader("connection", "close");
    if (appError.retryAfterSeconds !== undefined) res.setHeader("retry-after", String(appError.retryAfterSeconds));
    send(res, appError.status, appError.toBody());
    recordHttpRequest(r.path, appError.status);
  }
}

function inputProblems(params: Record<string, string>, query: URLSearchParams): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    const message = value === undefined ? undefined : textProblem(value);
    if (message) problems.push({ path: `path.${name}`, message });
  }
  for (const [name, value] of query) {
    const message = textProblem(name) ?? textProblem(value);
    if (message) problems.push({ path: `query.${textProblem(name) ? "(name)" : name}`, message });
  }
  return problems;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const json = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
  });
  res.end(json);
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 100) / 100;
