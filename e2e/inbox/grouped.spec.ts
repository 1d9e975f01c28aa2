// Storm control in the browser: comments on one task arriving one after another (posted by
// other people, through the service API) count up one item in the open bell, live, with
// one unread; the feed page shows the same single item.
import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "../support/fixtures.ts";

const PEOPLE = ["Alice", "Bob", "Chen", "Dana", "Eli"];

test("the bell shows one grouped item counting up while comments arrive", async ({ browser, person, publish }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person);
  await page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await bell.click();
  await expect(page.getByText("You're all caught up.")).toBeVisible();

  const task = 200 + Math.floor(Math.random() * 700);
  const comment = (i: number) =>
    publish({
      recipients: [person.id],
      type: "comment.created",
      title: `${PEOPLE[i]} commented on Task #${task}`,
      body: `Comment ${i + 1}`,
      data: { task: { id: `task-${task}`, number: task, title: "Checkout fails on Safari" }, actor: { id: PEOPLE[i].toLowerCase(), name: PEOPLE[i] } },
      actionUrl: `/tasks/${task}`,
    });

  const [id] = await comment(0);
  const item = page.locator(`[data-notification-id="${id}"]`);
  await expect(item).toContainText(`Alice commented on Task #${task}`);
  await expect(page.getByTestId("unread-badge")).toHaveText("1");

  for (let i = 1; i < PEOPLE.length; i++) {
    const [same] = await comment(i);
    expect(same).toBe(id);
    // The same item, counted up in place: never a second one.
    await expect(item).toContainText(`${i + 1} new comments on Task #${task}`);
    await expect(item.getByTestId("group-count")).toContainText(String(i + 1));
    await expect(page.locator("[data-notification-id]")).toHaveCount(1);
  }
  await expect(item).toContainText("Eli, Dana and 3 others");
  await expect(item).toHaveAttribute("data-version", "5");
  await expect(page.getByTestId("unread-badge")).toHaveText("1");
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");

  // What this spec adds to the item (the count); the item's own styling is the bell's.
  const axe = await new AxeBuilder({ page }).include('[data-testid="group-count"]').withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(axe.passes.map((p) => p.id)).toContain("color-contrast");
  const screenshot = testInfo.outputPath("grouped-bell.png");
  await page.screenshot({ path: screenshot });
  await testInfo.attach("grouped item in the bell", { path: screenshot, contentType: "image/png" });

  // The feed page shows the one item too (from the API, not its five parts).
  await page.goto("/notifications");
  const feed = page.getByTestId("feed-list").locator("li");
  await expect(feed).toHaveCount(1);
  await expect(feed.first()).toContainText(`5 new comments on Task #${task}`);

  // Its own page lists the five comments it holds, newest first.
  await page.goto(`/notifications/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`5 new comments on Task #${task}`);
  const parts = page.getByTestId("group-parts").locator("li");
  await expect(parts).toHaveCount(5);
  await expect(parts.first()).toContainText(`Eli commented on Task #${task}`);
  await expect(parts.last()).toContainText(`Alice commented on Task #${task}`);
  const pageAxe = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(pageAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // Anything else is not found.
  expect((await page.goto("/notifications/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  await context.close();
});

test("a group's page: the skip link lands on its main, right-to-left text and line breaks kept, long words wrap", async ({ browser, person, publish }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, person);
  const hebrew = "שלום עולם: עדכון מ-Herald";
  const body = `First line\nSecond line ${"z".repeat(200)}`;
  const [id] = await publish({ recipients: [person.id], type: "misc", title: hebrew, body, groupKey: "rtl-group" });
  const [same] = await publish({ recipients: [person.id], type: "misc", title: "Part two", groupKey: "rtl-group" });
  expect(same).toBe(id);

  await page.goto(`/notifications/${id}`);
  // A type that names no known noun counts notifications (not "2 new miscs").
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2 new notifications");
  await expect(page.locator("main#main")).toHaveCount(1);
  // The skip link's target exists here: Tab to it, follow it, focus is in the page's main.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  const parts = page.getByTestId("group-parts").locator("li");
  await expect(parts).toHaveCount(2);
  const rtl = parts.filter({ hasText: hebrew }).locator("p").first();
  await expect(rtl).toHaveAttribute("dir", "auto");
  expect(await rtl.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  const partBody = parts.filter({ hasText: hebrew }).locator("p").nth(1);
  expect(await partBody.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("pre-line");
  expect(await partBody.innerText()).toContain("First line\nSecond line");
  // Nothing wider than the phone: the 200-letter word wraps.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});
