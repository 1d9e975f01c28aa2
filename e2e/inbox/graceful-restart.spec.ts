// A deploy, seen from a tab: the instance it is connected to restarts gracefully (SIGTERM,
// then the new process on the same address). The tab says "Reconnecting…" meanwhile,
// comes back by itself, and shows what was published while its instance was away.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "../support/fixtures.ts";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_PORT } from "../support/e2e-env.ts";
import { embeddedUrl } from "../../server/db/embedded.ts";
import { startHerald, type HeraldProcess } from "../../tests/support/herald-process.ts";

const PORT = E2E_PORT + 50;
const ORIGIN = `http://localhost:${PORT}`;

/** A second instance on the e2e database (same secrets, so cookies and tokens hold across it). */
function secondInstance(): Promise<HeraldProcess> {
  const secrets = JSON.parse(readFileSync(join(E2E_DATA_DIR, "secrets.json"), "utf8")) as Record<string, string>;
  return startHerald({
    PORT: String(PORT),
    PUBLIC_URL: ORIGIN,
    ALLOWED_ORIGINS: ORIGIN,
    DATABASE_URL: embeddedUrl({ dataDir: E2E_DATA_DIR, port: E2E_PG_PORT, password: secrets.embeddedDbPassword }),
    AUTH_SECRET: secrets.authSecret,
    TOKEN_SECRET: secrets.tokenSecret,
  });
}

test("a tab whose instance restarts shows Reconnecting…, comes back by itself and shows what it missed", async ({ page, person, publish }) => {
  test.setTimeout(120_000);
  let instance = await secondInstance();
  try {
    await page.goto(`${ORIGIN}/signin`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toHaveText(person.name);
    await page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);
    await expect(page.getByText("Reconnecting…")).toHaveCount(0);

    expect(await instance.stop()).toBe(0);
    await expect(page.getByText(/^Reconnecting…/)).toBeVisible();
    // Published through the other instance while this tab's instance is down.
    await publish({ recipients: [person.id], type: "comment", title: "Published during the deploy" });

    instance = await secondInstance();
    await expect(page.getByText(/^Reconnecting…/)).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId("unread-badge")).toHaveText("1");
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await expect(page.getByTestId("notification-list")).toContainText("Published during the deploy");
  } finally {
    await instance.stop();
  }
});
