// Entry point: `npm start` (production) or `npm run dev`.
import { log } from "./log.ts";
import { describeStartFailure } from "./start-failure.ts";
import { startServer, type RunningServer } from "./start-server.ts";

let server: RunningServer | undefined;

/** A failed start prints one line saying what is wrong and what to do; the details go to the debug log. */
function failStart(error: unknown): never {
  log.debug({ err: error }, "start failed");
  console.error(describeStartFailure(error));
  process.exit(1);
}

process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
process.on("uncaughtException", (error) => (server ? log.error({ err: error }, "uncaught exception") : failStart(error)));

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
  failStart(error);
}
