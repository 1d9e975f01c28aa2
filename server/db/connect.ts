import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { setDb } from "./index.ts";

/** Creates this process's PrismaClient and makes it the one `db()` returns. */
export function connectDb(connectionString: string, poolSize = 20): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
  setDb(client);
  return client;
}

export async function disconnectDb(client: PrismaClient): Promise<void> {
  setDb(undefined);
  await client.$disconnect();
}
