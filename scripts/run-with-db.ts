// Shared by the command-line scripts: config, a connected database, clean exit.
import { loadConfig, ConfigError } from "../server/config/index.ts";
import { connectDb, disconnectDb } from "../server/db/connect.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { describeStartFailure, StartFailure } from "../server/start-failure.ts";

export async function runWithDb(task: () => Promise<void>): Promise<void> {
  try {
    const config = loadConfig();
    const database = await openDatabase(config);
    const client = connectDb(database.url, 2);
    try {
      await task();
    } finally {
      await disconnectDb(client);
      await database.stop();
    }
  } catch (error) {
    const setUp = error instanceof ConfigError || error instanceof StartFailure;
    console.error(setUp ? describeStartFailure(error) : error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
