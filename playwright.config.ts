// End-to-end tests: the production server on an embedded PostgreSQL with the demo
// people seeded (a fresh data dir each run), driven through Debian's Chromium.
import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_PORT } from "./e2e/support/e2e-env.ts";
import { chromiumPath, requireChromium } from "./scripts/check-chromium.ts";

requireChromium();

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node --import tsx server/index.ts`,
    url: `http://localhost:${E2E_PORT}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(E2E_PORT),
      DATA_DIR: E2E_DATA_DIR,
      EMBEDDED_PG_PORT: String(E2E_PG_PORT),
      DATABASE_URL: "",
      REDIS_URL: "",
      SEED_DEMO_DATA: "true",
      // Specs publish dozens of notifications to one person (the feed's scrolling): no
      // per-person rate limit here; tests/integration/storm-rate-limit.test.ts covers it.
      RATE_LIMIT_PER_MINUTE: "0",
      // The default (PUBLIC_URL and its 127.0.0.1 twin) plus one partner site, for the
      // external-link spec (e2e/security/action-urls.spec.ts).
      ACTION_URL_ORIGINS: `http://localhost:${E2E_PORT},http://127.0.0.1:${E2E_PORT},https://docs.partner.example`,
    },
  },
});
