// Start-up for the database: the embedded PostgreSQL when DATABASE_URL is unset, then
// migrations (every start; an advisory lock serialises instances), then demo data.
import type { Config } from "../config/index.ts";
import { log } from "../log.ts";
import { embeddedOptions, startEmbeddedPostgres } from "./embedded.ts";
import { migrateDatabase } from "./migrate.ts";

export type PreparedDatabase = { url: string; stop: () => Promise<void> };

export async function prepareDatabase(config: Config): Promise<PreparedDatabase> {
  let url = config.databaseUrl;
  let stop = async () => {};
  if (!url) {
    const started = Date.now();
    const embedded = await startEmbeddedPostgres(embeddedOptions(config));
    ({ url, stop } = embedded);
    log.info({ port: config.embeddedPgPort, ms: Date.now() - started }, "embedded postgres started");
  }
  const { applied } = await migrateDatabase(url);
  if (applied.length > 0) log.info({ applied }, "migrations applied");
  return { url, stop };
}
