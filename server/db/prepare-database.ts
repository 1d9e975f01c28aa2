// Start-up for the database: the embedded PostgreSQL when DATABASE_URL is unset, then
// migrations (every start; an advisory lock serialises instances), then demo data.
import type { Config } from "../config/index.ts";
import { log } from "../log.ts";
import { startStep } from "../start-failure.ts";
import { embeddedOptions, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded.ts";
import { migrateDatabase } from "./migrate.ts";

export type PreparedDatabase = { url: string; stop: () => Promise<void> };

export async function prepareDatabase(config: Config): Promise<PreparedDatabase> {
  const { url, stop } = config.databaseUrl ? { url: config.databaseUrl, stop: async () => {} } : await startEmbedded(config);
  const { applied } = await startStep({ step: "database", url, embedded: !config.databaseUrl }, () => migrateDatabase(url));
  if (applied.length > 0) log.info({ applied }, "migrations applied");
  return { url, stop };
}

async function startEmbedded(config: Config): Promise<EmbeddedDatabase> {
  const started = Date.now();
  const embedded = await startStep({ step: "embedded-postgres", port: config.embeddedPgPort }, () => startEmbeddedPostgres(embeddedOptions(config)));
  log.info({ port: config.embeddedPgPort, ms: Date.now() - started }, "embedded postgres started");
  return embedded;
}
