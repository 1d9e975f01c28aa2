// npm run db:migrate: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from "../server/config/index.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { migrateDatabase } from "../server/db/migrate.ts";

try {
  const database = await openDatabase(loadConfig());
  const { applied } = await migrateDatabase(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  await database.stop();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
