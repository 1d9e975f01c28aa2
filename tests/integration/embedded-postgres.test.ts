// As root, the embedded PostgreSQL runs as its own user. A DATA_DIR and binaries inside a
// private (0700) directory, as in a container's /root checkout, are out of that user's
// reach: the binaries are copied to the shared directory, the data lives there behind a
// DATA_DIR/postgres link, a restart finds the same data, and deleting DATA_DIR means a
// fresh database.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase, type EmbeddedOptions } from "../../server/db/embedded.ts";
import { packagedBinaries } from "../../server/db/postgres-runtime.ts";

const asRoot = process.getuid?.() === 0;
let privateDir: string;
let sharedDir: string;
let options: EmbeddedOptions;
const started: EmbeddedDatabase[] = [];

beforeAll(async () => {
  privateDir = mkdtempSync(join(tmpdir(), "herald-private-"));
  expect(statSync(privateDir).mode & 0o777).toBe(0o700);
  sharedDir = mkdtempSync(join(tmpdir(), "herald-shared-"));
  chmodSync(sharedDir, 0o755);
  // The package's binaries, copied where only root can reach them.
  const native = dirname(dirname((await packagedBinaries()).postgres));
  cpSync(native, join(privateDir, "pkg", "native"), { recursive: true, verbatimSymlinks: true });
  cpSync(join(native, "..", "package.json"), join(privateDir, "pkg", "package.json"));
  const bin = join(privateDir, "pkg", "native", "bin");
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  options = {
    dataDir: join(privateDir, "data"),
    port,
    password: "embedded-test",
    runtime: { sharedDir, binaries: { initdb: join(bin, "initdb"), postgres: join(bin, "postgres") } },
  };
});

afterAll(async () => {
  for (const database of started) await database.stop();
  for (const dir of [privateDir, sharedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true }); // the server's config creates it (secrets.json)
  const database = await startEmbeddedPostgres(options);
  started.push(database);
  return database;
}

async function stop(database: EmbeddedDatabase) {
  await database.stop();
  started.splice(started.indexOf(database), 1);
}

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

it.skipIf(!asRoot)("runs from a private directory as root, and a restart keeps the data", async () => {
  const first = await start();
  await query(first.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
  await stop(first);

  const link = join(options.dataDir, "postgres");
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(realpathSync(link).startsWith(realpathSync(sharedDir))).toBe(true);
  const copies = readdirSync(sharedDir).filter((name) => name.startsWith("postgres-"));
  expect(copies).toHaveLength(1);
  expect(existsSync(join(sharedDir, copies[0], "bin", "postgres"))).toBe(true);

  const again = await start();
  expect((await query(again.url, "SELECT note FROM kept")).rows).toEqual([{ note: "still here" }]);
  await stop(again);

  rmSync(options.dataDir, { recursive: true, force: true });
  const fresh = await start();
  await expect(query(fresh.url, "SELECT note FROM kept")).rejects.toThrow(/relation "kept" does not exist/);
  await stop(fresh);
});
