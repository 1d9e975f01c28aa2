// What a failed start prints: one line saying what is wrong and what to do, never a stack
// trace. Start-up runs each step that reaches outside the process (the embedded
// PostgreSQL, the database, Redis, the port) through `startStep`, and this module maps
// what went wrong there to that line. The entry logs the full error at debug level.
import { ConfigError } from "./config/index.ts";
import { MigrationError } from "./db/migrate.ts";
import { EmbeddedPostgresError } from "./db/postgres-process.ts";

export type StartStep =
  | { step: "embedded-postgres"; port: number }
  | { step: "database"; url: string; embedded: boolean }
  | { step: "redis"; url: string; variable: "REDIS_URL" | "REDIS_CLUSTER_NODES" }
  | { step: "listen"; port: number; host: string };

export class StartFailure extends Error {
  constructor(
    readonly at: StartStep,
    options: { cause: unknown },
  ) {
    super(`start failed: ${at.step}`, options);
  }
}

export async function startStep<T>(at: StartStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StartFailure(at, { cause: error });
  }
}

type SystemError = Error & { code?: string; path?: string; syscall?: string };

export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const cause = error instanceof StartFailure ? error.cause : error;
  const line = (error instanceof StartFailure && describeStep(error.at, cause as SystemError)) || describeOther(cause as SystemError);
  return hidePasswords(line.replace(/\s*\n\s*/g, " "));
}

function describeStep(at: StartStep, error: SystemError): string | undefined {
  const code = error?.code;
  switch (at.step) {
    case "listen":
      if (code === "EADDRINUSE") return `Port ${at.port} is already in use on ${at.host}: stop what uses it, or set PORT to a free port.`;
      if (code === "EACCES") return `Not allowed to listen on port ${at.port}: set PORT to a port above 1023.`;
      if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `Cannot listen on ${at.host}, which is not an address of this machine: fix HOST.`;
      return;
    case "redis": {
      const where = new URL(at.url).host;
      if (unreachable(code)) return `Cannot connect to Redis at ${where} (${reason(error)}): check ${at.variable} and that Redis runs there, or unset it to run a single instance.`;
      return `Redis at ${where} refused Herald: ${error.message}. Check ${at.variable}.`;
    }
    case "database":
      return describeDatabase(at, error);
    case "embedded-postgres":
      return describeEmbedded(at, error);
  }
}

function describeDatabase(at: Extract<StartStep, { step: "database" }>, error: SystemError): string | undefined {
  const url = new URL(at.url);
  const where = `${url.hostname}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1));
  const fix = at.embedded ? "check DATA_DIR and EMBEDDED_PG_PORT, or set DATABASE_URL" : "check DATABASE_URL";
  if (error instanceof MigrationError) {
    return error.reason.startsWith("failed earlier")
      ? `Migration ${error.migration} failed on an earlier start and is marked unfinished in _prisma_migrations: resolve it (prisma migrate resolve), then start again.`
      : `Migration ${error.migration} failed and was rolled back: ${(error.cause as Error)?.message ?? error.reason}. Fix the database or the migration, then start again.`;
  }
  const code = error?.code;
  if (unreachable(code)) return `Cannot connect to PostgreSQL at ${where} (${reason(error)}): ${fix}, and that PostgreSQL runs there.`;
  if (code === "28P01") return `PostgreSQL at ${where} refused the password of user "${decodeURIComponent(url.username)}": ${fix}.`;
  if (code === "28000") return `PostgreSQL at ${where} refused the connection (${error.message}): ${fix} and the server's pg_hba.conf.`;
  if (code === "3D000") return `Database "${database}" does not exist on PostgreSQL at ${where}: create it (createdb ${database}) or ${fix}.`;
  if (error instanceof Error) return `PostgreSQL at ${where} failed during start-up: ${error.message}. ${capitalise(fix)}.`;
}

function describeEmbedded(at: Extract<StartStep, { step: "embedded-postgres" }>, error: SystemError): string | undefined {
  if (!(error instanceof EmbeddedPostgresError)) return;
  const output = error.output;
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(output)) {
    return `The embedded PostgreSQL cannot listen on port ${at.port}, which is in use: set EMBEDDED_PG_PORT to a free port, or stop what uses it.`;
  }
  const owner = /another postmaster \(PID (\d+)\) running in data directory "([^"]+)"/.exec(output);
  if (owner) return `A PostgreSQL (PID ${owner[1]}) already runs on this DATA_DIR's database (${owner[2]}): is Herald already running with it? Stop that, or set another DATA_DIR.`;
  const detail = /(?:FATAL|PANIC|error):\s+(.*)/.exec(output)?.[1] ?? error.message;
  return `The embedded PostgreSQL did not start: ${detail}. Fix that, set DATA_DIR to a directory it can use, or set DATABASE_URL to use your own PostgreSQL.`;
}

function describeOther(error: SystemError): string {
  const code = error?.code;
  if (error?.path && ["EACCES", "EPERM", "EROFS", "ENOTDIR", "ENOSPC", "EISDIR"].includes(code ?? "")) {
    if (error.syscall?.startsWith("spawn")) return `Cannot run ${error.path} (${reason(error)}): check the permissions of node_modules.`;
    return `Cannot write ${error.path} (${reason(error)}): make it writable, or set DATA_DIR to a directory Herald can write.`;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `Herald could not start: ${message} (LOG_LEVEL=debug logs the details).`;
}

const UNREACHABLE = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"];
const unreachable = (code: string | undefined) => UNREACHABLE.includes(code ?? "");

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a parent is not a directory",
  ENOSPC: "no space left",
};
const reason = (error: SystemError) => (error.code && REASONS[error.code]) ?? error.code ?? error.message;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** URLs in messages keep their user but never their password. */
const hidePasswords = (line: string) => line.replace(/(\w+:\/\/[^:@/\s]*:)[^@\s]*@/g, "$1***@");
