// `npm run test:faults`: the fault suite (tests/faults), kept out of `npm test` because it
// takes minutes. It starts its own PostgreSQL, Redis and instances, so it needs no
// global setup, and runs one file at a time: its scenarios share those processes.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
