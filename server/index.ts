// Entry point: `npm start` (production) or `npm run dev`.
import { ConfigError } from "./config/index.ts";
import { log } from "./log.ts";
import { startServer, type RunningServer } from "./start-server.ts";

process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
process.on("uncaughtException", (error) => log.error({ err: error }, "uncaught exception"));

let server: RunningServer | undefined;
// Registered before start-up, so a stop requested while starting (a deploy that gives up,
// a test harness) ends the process instead of being swallowed by a library's listener.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (!server) {
      log.warn({ signal }, "stopped while starting");
      process.exit(1);
    }
    server.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}

try {
  server = await startServer({ dev: process.argv.includes("--dev") });
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else log.error({ err: error }, "start failed");
  process.exit(1);
}
