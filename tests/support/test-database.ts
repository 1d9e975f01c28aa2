// One fresh, migrated database per test file, connected as this process's `db()`.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { connectDb, disconnectDb, type DbHandles } from "../../server/db/connect.ts";
import { migrateDatabase } from "../../server/db/migrate.ts";
import { leaveUndo } from "./leftovers.ts";

export type TestDatabase = { url: string; drop: () => Promise<void> };

/** `connect: false` leaves this process's `db()` as it is (a second database in one file, for servers only). */
export async function createTestDatabase(options: { connect?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("postgresUrl");
  const name = `herald_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const connected: { client?: DbHandles } = {};
  const drop = async () => {
    dropped();
    if (connected.client) await disconnectDb(connected.client);
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  // Dropped after the file even if migrating it fails, or the test never drops it.
  const dropped = leaveUndo(drop);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  if (options.connect !== false) connected.client = connectDb(url.toString(), 5);
  return { url: url.toString(), drop };
}
