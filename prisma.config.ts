// Prisma CLI configuration (Prisma 7 keeps the datasource URL here, not in the schema).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // generate needs no database; migrate/deploy on a normal machine reads DATABASE_URL.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
