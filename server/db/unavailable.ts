// Telling "the database cannot be reached right now" from other failures, so callers get
// 503 with Retry-After (nothing was stored; try again) instead of a 500, and the log gets
// one line per outage rather than a stack trace per request.
import { AppError } from "../errors.ts";
import { log } from "../log.ts";

// Connection refused or lost, server shutting down or starting up (SQLSTATE class 08,
// 57P01-57P03), pool timeouts; Prisma's driver-adapter kinds and P-codes for the same.
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "TooManyConnections"]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export const RETRY_AFTER_SECONDS = 5;

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && (NODE_CODES.has(e.code) || SQLSTATES.has(e.code) || PRISMA_CODES.has(e.code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  // The embedded PostgreSQL's Unix socket is gone while it restarts.
  if (e.code === "ENOENT" && typeof e.message === "string" && e.message.includes(".s.PGSQL")) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

const LOG_EVERY_MS = 30_000;
let lastLogged = 0;
let refusedSinceLog = 0;

/** The 503 for an unreachable database; logs one line per 30 s of outage, not one per request. */
export function databaseUnavailableError(cause: unknown): AppError {
  refusedSinceLog++;
  const now = Date.now();
  if (now - lastLogged > LOG_EVERY_MS) {
    const err = cause instanceof Error ? { type: cause.name, message: cause.message, code: (cause as ErrorLike).code } : cause;
    log.warn({ err, refused: refusedSinceLog }, "database unavailable: answering 503 until it is back");
    lastLogged = now;
    refusedSinceLog = 0;
  }
  const error = new AppError("unavailable", "The database is unavailable; nothing was stored. Retry after a few seconds.");
  error.retryAfterSeconds = RETRY_AFTER_SECONDS;
  return error;
}
