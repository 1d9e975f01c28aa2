// Access to this process's database handles: one pg pool, shared by the PrismaClient
// (through its driver adapter) and by the few hot-path statements that skip Prisma. The
// server entry connects them; Next's bundled code reaches the same ones through
// globalThis, so this module imports Prisma and pg only as types.
import type { Pool } from "pg";
import type { PrismaClient } from "./generated/client.ts";

type Handles = { prisma: PrismaClient; pool: Pool };
const store = globalThis as unknown as { __heraldDb?: Handles };

function handles(): Handles {
  if (!store.__heraldDb) throw new Error("The database is not connected (server/db/connect.ts)");
  return store.__heraldDb;
}

/** The Prisma client, for everything but the hottest statements. */
export const db = (): PrismaClient => handles().prisma;

/** The pg pool under it, for hot-path statements written in SQL (named, so prepared once per connection). */
export const sql = (): Pool => handles().pool;

export function setDb(value: Handles | undefined): void {
  store.__heraldDb = value;
}
