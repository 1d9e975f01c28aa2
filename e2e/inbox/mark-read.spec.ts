// Two tabs of one person stay in step: what one tab marks or clears, the other shows at
// once, in the bell and in the feed, without a refresh.
import { expect, signIn, test } from "../support/fixtures.ts";

const live = (page: import("@playwright/test").Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

test("marking read in one tab updates the other tab's badge and feed", async ({ browser, publish, person }, testInfo) => {
  const context = await browser.newContext();
  const feedTab = await context.newPage();
  await signIn(feedTab, person);
  await feedTab.goto("/notifications");
  const bellTab = await context.newPage();
  await bellTab.goto("/");
  await Promise.all([live(feedTab), live(bellTab)]);

  const stamp = Date.now();
  const titles = [`Deploy finished ${stamp}`, `Review requested ${stamp}`, `Task assigned ${stamp}`];
  const ids: string[] = [];
  for (const title of titles) ids.push(...(await publish({ recipients: [person.id], type: "task", title })));

  const feed = feedTab.getByTestId("feed-list");
  for (const title of titles) await expect(feed).toContainText(title);
  const badge = bellTab.getByTestId("unread-badge");
  await expect(badge).toHaveText("3");

  // Mark one read in the feed tab: the other tab's badge and dropdown follow.
  await feedTab.locator(`[data-notification-id="${ids[0]}"]`).getByRole("button", { name: /^Mark read/ }).click();
  await expect(badge).toHaveText("2");
  await bellTab.getByRole("button", { name: /^Notifications/ }).click();
  await expect(bellTab.locator(`[data-notification-id="${ids[0]}"]`)).toHaveAttribute("data-unread", "false");
  await expect(bellTab.locator(`[data-notification-id="${ids[1]}"]`)).toHaveAttribute("data-unread", "true");

  // Mark all read from the bell: the feed tab's Unread view empties.
  await bellTab.getByRole("menuitem", { name: "Mark all read" }).click();
  await expect(badge).toHaveCount(0);
  await feedTab.getByRole("button", { name: /^Unread/ }).click();
  await expect(feedTab.getByText("No unread notifications. You're all caught up.")).toBeVisible();
  await feedTab.getByRole("button", { name: "All", exact: true }).click();

  // Mark one unread again, then clear another: both tabs agree.
  await feedTab.locator(`[data-notification-id="${ids[2]}"]`).getByRole("button", { name: /^Mark unread/ }).click();
  await expect(badge).toHaveText("1");
  await feedTab.locator(`[data-notification-id="${ids[1]}"]`).getByRole("button", { name: /^Clear/ }).click();
  await expect(feedTab.locator(`[data-notification-id="${ids[1]}"]`)).toHaveCount(0);
  await expect(bellTab.locator(`[data-notification-id="${ids[1]}"]`)).toHaveCount(0);
  await expect(bellTab.locator(`[data-notification-id="${ids[2]}"]`)).toHaveAttribute("data-unread", "true");

  const screenshot = testInfo.outputPath("feed-two-tabs.png");
  await feedTab.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("feed tab", { path: screenshot, contentType: "image/png" });
  await context.close();
});

test("the feed scrolls through the whole history", async ({ browser, publish, person }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person);
  const titles: string[] = [];
  for (let i = 0; i < 45; i++) {
    titles.push(`History item ${i}`);
    await publish({ recipients: [person.id], type: "digest", title: `History item ${i}` });
  }
  await page.goto("/notifications");
  const items = page.getByTestId("feed-list").locator("li");
  await expect(items.first()).toContainText("History item 44");
  await expect(items).toHaveCount(20);
  await page.getByText("History item 25", { exact: true }).scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 10_000);
  // The second page at least (the scroll may still be moving when it lands, and take the third too).
  await expect.poll(() => items.count()).toBeGreaterThanOrEqual(40);
  await page.mouse.wheel(0, 10_000);
  await expect(items).toHaveCount(45);
  await expect(items.last()).toContainText("History item 0");
  // The end says so: no Load more, a marker under the last item.
  await expect(page.getByTestId("feed-end")).toHaveText("That's everything: you've reached the end.");
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await context.close();
});
