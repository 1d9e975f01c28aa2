// Access to the one PrismaClient of this process. The server entry connects it; Next's
// bundled route handlers reach the same client through globalThis, so this module
// imports Prisma only as a type and never pulls the Prisma runtime into a bundle.
import type { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const store = globalThis as unknown as { __heraldDb?: PrismaClient };

export function db(): PrismaClient {
  if (!store.__heraldDb) throw new Error("The database is not connected (server/db/connect.ts)");
  return store.__heraldDb;
}

export function setDb(client: PrismaClient | undefined): void {
  store.__heraldDb = client;
}
