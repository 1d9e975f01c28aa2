// "Clear read" asks first, and says what it did; user text keeps its direction, its line
// breaks, and wraps long words.
import { live } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

test("Clear read asks for confirmation, Cancel keeps everything, and the empty state says what happened", async ({ page, person, publish }) => {
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const [readId] = await publish({ recipients: [person.id], type: "task", title: "Already handled" });
  const [unreadId] = await publish({ recipients: [person.id], type: "task", title: "Still to do" });
  const feed = page.getByTestId("feed-list");
  await expect(feed.locator("li")).toHaveCount(2);
  await feed.locator(`[data-notification-id="${readId}"]`).getByRole("button", { name: /^Mark read/ }).click();
  await expect(feed.locator(`[data-notification-id="${readId}"]`)).toHaveAttribute("data-unread", "false");

  // Cancel: nothing is removed.
  await page.getByRole("button", { name: "Clear read" }).click();
  const confirm = page.getByRole("dialog", { name: "Clear all read notifications?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(feed.locator("li")).toHaveCount(2);

  // Confirm: the read one goes, the unread one stays, and the page says so.
  await page.getByRole("button", { name: "Clear read" }).click();
  await confirm.getByRole("button", { name: "Clear read" }).click();
  await expect(feed.locator(`[data-notification-id="${readId}"]`)).toHaveCount(0);
  await expect(feed.locator(`[data-notification-id="${unreadId}"]`)).toHaveCount(1);
  await expect(page.getByRole("status").filter({ hasText: "Cleared 1 read notification." })).toBeVisible();

  // Clearing the last one: the empty state says it was cleared, not "No notifications yet".
  await feed.locator(`[data-notification-id="${unreadId}"]`).getByRole("button", { name: /^Mark read/ }).click();
  await page.getByRole("button", { name: "Clear read" }).click();
  await confirm.getByRole("button", { name: "Clear read" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("Cleared 1 read notification.");
  await expect(page.getByText("No notifications yet.")).toHaveCount(0);
});

test("a right-to-left title renders right to left; bodies keep line breaks and wrap long words", async ({ page, person, publish }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const rtl = "שלום עולם: Herald עדכון חדש";
  const body = `שורה ראשונה\nSecond line\n${"w".repeat(400)}`;
  const [id] = await publish({ recipients: [person.id], type: "comment", title: rtl, body });
  const title = page.locator(`[data-notification-id="${id}"]`).getByTestId("notification-title");
  await expect(title).toHaveText(rtl);
  await expect(title).toHaveAttribute("dir", "auto");
  expect(await title.evaluate((el) => el.matches(":dir(rtl)"))).toBe(true);
  // Right-aligned: its text ends at the right edge of its box.
  const textBox = await title.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return { textRight: text.right, boxRight: box.right, textLeft: text.left, boxLeft: box.left };
  });
  expect(Math.abs(textBox.boxRight - textBox.textRight)).toBeLessThan(2);
  expect(textBox.textLeft - textBox.boxLeft).toBeGreaterThan(10);

  await title.click();
  const detailBody = page.getByRole("dialog").getByTestId("detail-body");
  await expect(detailBody).toHaveText(body);
  const lines = await detailBody.evaluate((el) => (el as HTMLElement).innerText.split("\n"));
  expect(lines.slice(0, 2)).toEqual(["שורה ראשונה", "Second line"]);
  // The 400-character word wraps inside the dialog instead of widening the page.
  const width = await detailBody.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.client);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
