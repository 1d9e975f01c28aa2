import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { setDb } from "./index.ts";

export type DbHandles = { prisma: PrismaClient; pool: pg.Pool };

/** Opens this process's pool and PrismaClient and makes them the ones `db()`/`sql()` return. */
export function connectDb(connectionString: string, poolSize = 20): DbHandles {
  // A request waits at most this long for a connection: while PostgreSQL is unreachable
  // callers get a prompt 503 (server/db/unavailable.ts), not a hang.
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client's connection dropping must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const handles = { prisma, pool };
  setDb(handles);
  return handles;
}

export async function disconnectDb(handles: DbHandles): Promise<void> {
  setDb(undefined);
  await handles.prisma.$disconnect();
  await handles.pool.end().catch(() => {});
}
