// npm run db:migrate: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from "../server/config/index.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { describeStartFailure } from "../server/start-failure.ts";

try {
  const database = await openDatabase(loadConfig());
  const { applied } = await migrateDatabase(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  await database.stop();
} catch (error) {
  console.error(describeStartFailure(error));
  process.exit(1);
}
