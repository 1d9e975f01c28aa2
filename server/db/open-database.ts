// For command-line scripts: the configured database, or the embedded one (reusing it
// when a running server already started it, otherwise starting it for the script).
import pg from "pg";
import type { Config } from "../config/index.ts";
import { prepareDatabase, type PreparedDatabase } from "./prepare-database.ts";
import { embeddedOptions, embeddedUrl } from "./embedded.ts";

export async function openDatabase(config: Config): Promise<PreparedDatabase> {
  if (!config.databaseUrl) {
    const url = embeddedUrl(embeddedOptions(config));
    if (await databaseAnswers(url)) return { url, stop: async () => {} };
  }
  return prepareDatabase(config);
}

/** True when a PostgreSQL server answers at this URL within a second or two. */
export async function databaseAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
