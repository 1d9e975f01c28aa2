// The benchmark's database: BENCH_DATABASE_URL (a fresh database is created in that
// server), else an embedded PostgreSQL in a temporary directory, reached the way
// `npm start` reaches it by default. Users and an API key are created through the domain.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createApiKey } from "../server/auth/api-keys.ts";
import { connectDb, disconnectDb } from "../server/db/connect.ts";
import { startEmbeddedPostgres } from "../server/db/embedded.ts";
import { migrateDatabase } from "../server/db/migrate.ts";

export type BenchDatabase = { url: string; kind: string; apiKey: string; userIds: string[]; cleanup: () => Promise<void> };

export async function prepareBenchDatabase(users: number): Promise<BenchDatabase> {
  const { url, kind, cleanup } = process.env.BENCH_DATABASE_URL
    ? await freshDatabaseIn(process.env.BENCH_DATABASE_URL)
    : await embeddedDatabase();
  await migrateDatabase(url);
  const client = connectDb(url, 4);
  const userIds = Array.from({ length: users }, (_, i) => `bench-user-${i}`);
  await client.prisma.user.createMany({ data: userIds.map((id) => ({ id, name: id })) });
  const { secret } = await createApiKey("bench");
  await disconnectDb(client);
  return { url, kind, apiKey: secret, userIds, cleanup };
}

async function embeddedDatabase() {
  const dataDir = mkdtempSync(join(tmpdir(), "herald-bench-"));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when we are root
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, password: "bench" });
  return {
    url: server.url,
    kind: "embedded PostgreSQL 18 (Unix socket)",
    cleanup: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A port below Linux's ephemeral range (32768-60999), where the load generator's thousands
 * of client sockets take their local ports, and free when asked.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function freshDatabaseIn(serverUrl: string) {
  const name = `herald_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: `BENCH_DATABASE_URL (${url.host}${url.searchParams.get("host") ? ", Unix socket" : ""})`,
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
