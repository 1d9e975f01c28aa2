// Back after a dropped connection: one summary instead of a toast per missed item, and
// the bell and feed show what was missed.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

/**
 * Carries the page's Socket.IO connection through a route we can cut, as a network drop
 * does: the browser goes offline too, and says so when the network is back (the client
 * then tries at once instead of waiting out its backoff).
 */
async function cuttableSocket(page: Page) {
  let down = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    ws.connectToServer();
    open.add(ws);
  });
  return {
    cut: async () => {
      down = true;
      await page.context().setOffline(true);
      for (const ws of open) await ws.close();
      await page.waitForFunction(() => document.querySelector("[data-live='false']") !== null);
    },
    restore: async () => {
      down = false;
      await page.context().setOffline(false);
    },
  };
}

test("a tab that missed many notifications gets one summary and the newest in its lists", async ({ page, person, publish }) => {
  const network = await cuttableSocket(page);
  await signIn(page, person);
  await page.goto("/notifications");
  await page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

  await network.cut();
  for (let i = 1; i <= 30; i++) await publish({ recipients: [person.id], type: "comment", title: `Missed ${i}` });
  await network.restore();

  await expect(page.getByTestId("toast")).toHaveText("You missed 30 notifications", { timeout: 10_000 });
  await expect(page.getByTestId("toast")).toHaveCount(1);
  await expect(page.getByTestId("unread-badge")).toHaveText("30");
  const feed = page.getByTestId("feed-list").locator("li");
  await expect(feed.first()).toContainText("Missed 30");
  await expect(feed).toHaveCount(20);
});

test("a few missed notifications arrive as items, in one toast", async ({ page, person, publish }) => {
  const network = await cuttableSocket(page);
  await signIn(page, person);
  await page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);
  await network.cut();
  for (let i = 1; i <= 3; i++) await publish({ recipients: [person.id], type: "comment", title: `Few ${i}` });
  await network.restore();

  await expect(page.getByTestId("toast")).toHaveText("3 new notifications", { timeout: 10_000 });
  await expect(page.getByTestId("unread-badge")).toHaveText("3");
  await page.getByRole("button", { name: /^Notifications/ }).click();
  const titles = page.getByTestId("notification-list").getByTestId("notification-title");
  await expect(titles).toHaveText(["Few 3", "Few 2", "Few 1"]);
});
