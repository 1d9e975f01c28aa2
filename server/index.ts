// Entry point: `npm start` (production) or `npm run dev`.
import { ConfigError } from "./config/index.ts";
import { log } from "./log.ts";
import { startServer } from "./start-server.ts";

process.on("unhandledRejection", (reason) => log.error("unhandled rejection", { error: String(reason) }));
process.on("uncaughtException", (error) => log.error("uncaught exception", { error: error.stack ?? String(error) }));

try {
  const server = await startServer({ dev: process.argv.includes("--dev") });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error("shutdown failed", { error: String(error) });
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else log.error("start failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
