import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["server/**/*.test.ts", "lib/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    // The fault suite has its own command and config (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, "tests/faults/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/cleanup.ts"],
    // Domain calls made in the test process (retention publishes 1,030 to one person): no
    // per-person rate limit unless a test sets one (tests/support/herald-process.ts does the same).
    env: { RATE_LIMIT_PER_MINUTE: "0" },
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: "forks",
    // Integration files start real server processes: two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
