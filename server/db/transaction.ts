// One transaction on one pooled connection: committed when `work` resolves, rolled back
// when it throws.
import type { PoolClient } from "pg";
import { sql } from "./index.ts";

export async function withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sql().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
