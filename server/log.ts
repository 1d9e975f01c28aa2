// Structured JSON logs (pino), one line per event on stdout. Secrets never reach a line:
// credentials-shaped fields are redacted wherever they appear, and callers log ids and
// reasons, never tokens or bodies. The level follows the config once it is loaded
// (server/config/index.ts sets it), so logging works even while the config itself fails.
import { pino } from "pino";

const REDACTED = [
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
];

export const log = pino({
  level: "info",
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: REDACTED, censor: "[redacted]" },
  serializers: { err: pino.stdSerializers.err },
});

export type Logger = typeof log;

export type LogLevel = "debug" | "info" | "warn" | "error";

export function setLogLevel(level: LogLevel): void {
  // Setting pino's level re-creates its level methods: only when it changes, so a config
  // first loaded midway (a publish reads the rate limit) leaves the logger as it was.
  if (log.level !== level) log.level = level;
}
