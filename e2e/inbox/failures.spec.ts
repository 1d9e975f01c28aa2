// A failed action or load in the feed or the bell always says so where the person is
// looking, with Retry, and Retry works once the server answers again. The API is made to
// fail in the browser (503, as Herald answers while its database is away).
import type { Page, Route } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

const unavailable = (route: Route) =>
  route.fulfill({ status: 503, contentType: "application/json", headers: { "retry-after": "5" }, body: JSON.stringify({ error: { code: "unavailable", message: "x" } }) });

const live = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

test("a failed next page in the feed shows an alert with Retry, and Retry loads it", async ({ page, publish, person }) => {
  for (let i = 0; i < 25; i++) await publish({ recipients: [person.id], type: "task", title: `Paged ${i}` });
  await signIn(page, person);
  const nextPage = "**/api/v1/me/notifications?*cursor=*";
  await page.route(nextPage, unavailable);
  await page.goto("/notifications");
  const feed = page.getByTestId("feed-list");
  await expect(feed.locator("li")).toHaveCount(20);
  const loadMore = page.getByRole("button", { name: "Load more" });
  if (await loadMore.isVisible()) await loadMore.click();
  const alert = page.getByRole("main").getByRole("alert").filter({ hasText: "Couldn't load more notifications." });
  await expect(alert).toBeVisible();
  await expect(feed.locator("li")).toHaveCount(20);
  // Scrolling does not hammer a failing server: the failed page is asked for again only by Retry.
  let asked = 0;
  await page.route(nextPage, (route) => (asked++, unavailable(route)));
  await page.mouse.wheel(0, 4000);
  await page.mouse.wheel(0, -400);
  await page.mouse.wheel(0, 4000);
  await expect(alert).toBeVisible();
  expect(asked).toBe(0);

  await page.unroute(nextPage);
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(feed.locator("li")).toHaveCount(25);
  await expect(alert).toHaveCount(0);
  await expect(page.getByTestId("feed-end")).toBeVisible();
});

test("a failed mark read in the feed and in the bell's detail view says so with Retry", async ({ page, publish, person }) => {
  const [first] = await publish({ recipients: [person.id], type: "task", title: "Fails to mark at first" });
  const [second] = await publish({ recipients: [person.id], type: "task", title: "Opened from the bell" });
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const markReadRoute = "**/api/v1/me/notifications/read";
  await page.route(markReadRoute, unavailable);

  // The feed: the row's own button.
  const row = page.locator(`[data-notification-id="${first}"]`);
  await row.getByRole("button", { name: /^Mark read/ }).click();
  const feedAlert = page.getByRole("main").getByRole("alert").filter({ hasText: "Couldn't mark it read." });
  await expect(feedAlert).toBeVisible();
  await expect(feedAlert).toContainText("Herald is briefly unavailable");
  await expect(row).toHaveAttribute("data-unread", "true");

  // The bell: opening an item marks it read; the failure shows in the dialog that is open.
  await page.getByRole("button", { name: /^Notifications/ }).click();
  await page.getByTestId("bell-menu").locator(`[data-notification-id="${second}"]`).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("notification-detail")).toBeVisible();
  const dialogAlert = dialog.getByRole("alert").filter({ hasText: "Couldn't mark it read." });
  await expect(dialogAlert).toBeVisible();

  await page.unroute(markReadRoute);
  await dialogAlert.getByRole("button", { name: "Retry" }).click();
  await expect(dialog.getByTestId("notification-detail")).toHaveAttribute("data-unread", "false");
  await expect(dialogAlert).toHaveCount(0);
  await page.keyboard.press("Escape");

  await feedAlert.getByRole("button", { name: "Retry" }).click();
  await expect(row).toHaveAttribute("data-unread", "false");
  await expect(page.getByTestId("unread-badge")).toHaveCount(0);
});

test("switching to Unread with the server down says so with Try again, and Try again loads it once the server answers", async ({ page, publish, person }) => {
  await publish({ recipients: [person.id], type: "task", title: "Shown before the outage" });
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const feed = page.getByTestId("feed-list");
  await expect(feed.locator("li")).toHaveCount(1);

  const list = "**/api/v1/me/notifications?*";
  await page.route(list, (route) => route.abort("connectionrefused"));
  await page.getByRole("button", { name: /^Unread/ }).click();
  const failed = page.getByRole("main").getByRole("alert").filter({ hasText: "Couldn't load notifications." });
  await expect(failed).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("Failed to fetch");
  // Another filter's items are never shown as this one's.
  await expect(feed).toHaveCount(0);

  await page.unroute(list);
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect(feed.locator("li")).toHaveCount(1);
  await expect(failed).toHaveCount(0);
});

test("a failed refresh while items are shown keeps them and says so with Retry", async ({ page, publish, person }) => {
  const [first] = await publish({ recipients: [person.id], type: "task", title: "Read, then unread elsewhere" });
  await publish({ recipients: [person.id], type: "task", title: "Still unread" });
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const feed = page.getByTestId("feed-list");
  await page.locator(`[data-notification-id="${first}"]`).getByRole("button", { name: /^Mark read/ }).click();
  await page.getByRole("button", { name: /^Unread/ }).click();
  await expect(feed.locator("li")).toHaveCount(1);

  // Marked unread elsewhere: the Unread list cannot place it without a reload, and the reload fails.
  const list = "**/api/v1/me/notifications?*";
  await page.route(list, unavailable);
  const status = await page.evaluate((id) => fetch(`/api/v1/me/notifications/${id}/unread`, { method: "POST" }).then((r) => r.status), first);
  expect(status).toBe(200);
  const alert = page.getByRole("main").getByRole("alert").filter({ hasText: "Couldn't refresh the list; it may be out of date." });
  await expect(alert).toBeVisible();
  await expect(feed.locator("li")).toHaveCount(1);

  await page.unroute(list);
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(feed.locator("li")).toHaveCount(2);
  await expect(alert).toHaveCount(0);
});
