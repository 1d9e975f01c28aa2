// npm run db:seed: creates the demo people, types and workspace tasks listed in README.md (idempotent).
import { seedDemoData } from "../prisma/seed.ts";
import { runWithDb } from "./run-with-db.ts";

await runWithDb(async () => {
  console.log(`Demo records created: ${await seedDemoData()}`);
});
