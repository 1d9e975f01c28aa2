// Structured JSON logs (pino), one line per event on stdout. Secrets never reach a line:
// credentials-shaped fields are redacted (up to four levels down), query values of logged
// URLs are replaced, and callers log ids and reasons, never tokens or bodies. The level
// follows the config once it is loaded (server/config/index.ts sets it), so logging works
// even while the config itself fails.
import { pino, type LoggerOptions } from "pino";

// Fields with these names are redacted at the top of a line and up to four levels down
// (an error's `config.headers.authorization`, a `set-cookie` in a response's headers).
const SECRET_FIELDS = ["authorization", "cookie", '["set-cookie"]', "password", "token", "secret"];
const MAX_DEPTH = 4;
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => "*.".repeat(depth) + field).map((path) => path.replace(/\.\[/g, "[")),
);

/**
 * A request URL or path as logged: every query value is replaced, since some links carry
 * their credential there (an unsubscribe link's `?token=`). Names stay, for debugging.
 */
export function redactUrl(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const q = value.indexOf("?");
  if (q === -1) return value;
  const hash = value.indexOf("#", q);
  const query = value.slice(q + 1, hash === -1 ? undefined : hash);
  const names = query.split("&").filter(Boolean).map((pair) => pair.split("=")[0]);
  return `${value.slice(0, q)}?${names.map((name) => `${name}=[redacted]`).join("&")}`;
}

export const logOptions: LoggerOptions = {
  level: "info",
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  serializers: { err: pino.stdSerializers.err, url: redactUrl, path: redactUrl },
};

export const log = pino(logOptions);

export type Logger = typeof log;

export type LogLevel = "debug" | "info" | "warn" | "error";

export function setLogLevel(level: LogLevel): void {
  // Setting pino's level re-creates its level methods: only when it changes, so a config
  // first loaded midway (a publish reads the rate limit) leaves the logger as it was.
  if (log.level !== level) log.level = level;
}
