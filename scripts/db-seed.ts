// npm run db:seed: creates the demo people listed in README.md (idempotent).
import { seedDemoData } from "../prisma/seed.ts";
import { runWithDb } from "./run-with-db.ts";

await runWithDb(async () => {
  console.log(`Demo users created: ${await seedDemoData()}`);
});
