// The bell by keyboard alone (the WAI-ARIA menu-button pattern): skip link, a visible
// focus ring, arrows into the list, opening an item's detail, marking it read, Escape back
// to the bell; Home/End; Tab leaves and closes the menu.
import type { Locator } from "@playwright/test";
import { live } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

const ringWidth = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).boxShadow);

test("keyboard only: open the bell, arrow to the third item, open it, mark it read, Escape back to the bell", async ({ page, person, publish }) => {
  await signIn(page, person);
  await page.goto("/");
  await live(page);
  const stamp = Date.now();
  const [first] = await publish({ recipients: [person.id], type: "task.assigned", title: `First ${stamp}`, body: "The oldest of three" });
  const [second] = await publish({ recipients: [person.id], type: "task.assigned", title: `Second ${stamp}` });
  const [newest] = await publish({ recipients: [person.id], type: "task.assigned", title: `Third ${stamp}` });
  const badge = page.getByTestId("unread-badge");
  await expect(badge).toHaveText("3");
  await expect(page).toHaveTitle("(3) Herald");

  // From the top of the page: the skip link comes first and is visible when focused.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Tab"); // the Herald home link
  await page.keyboard.press("Tab"); // the Tasks link (the demo workspace)
  await expect(page.getByRole("link", { name: "Tasks" })).toBeFocused();
  await page.keyboard.press("Tab");
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toBeFocused();
  expect(await ringWidth(bell)).not.toBe("none");

  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(bell).toHaveAttribute("aria-expanded", "true");
  // Focus is in the menu; End and Home reach its last and first items.
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "View all notifications" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(menu.getByRole("menuitem", { name: "Mark all read" })).toBeFocused();
  // The list is newest first: the third notification item is the oldest, `first`. Each
  // step is seen before the next key, as a person sees the focus move.
  for (const id of [newest, second]) {
    await page.keyboard.press("ArrowDown");
    await expect(menu.locator(`[data-notification-id="${id}"]`)).toBeFocused();
  }
  await page.keyboard.press("ArrowDown");
  const third = menu.locator(`[data-notification-id="${first}"]`);
  await expect(third).toBeFocused();
  expect(await ringWidth(third)).not.toBe("none");

  // Open it: its detail view, which marks it read.
  await page.keyboard.press("Enter");
  const detail = page.getByRole("dialog");
  await expect(detail.getByRole("heading", { name: `First ${stamp}` })).toBeVisible();
  await expect(detail.getByTestId("detail-body")).toHaveText("The oldest of three");
  await expect(badge).toHaveText("2");
  // Mark it unread and read again from the detail view, by keyboard.
  const toggle = detail.getByRole("button", { name: "Mark unread" });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(badge).toHaveText("3");
  await expect(page).toHaveTitle("(3) Herald");
  await expect(detail.getByRole("button", { name: "Mark read" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(badge).toHaveText("2");
  await expect(detail.getByTestId("notification-detail")).toHaveAttribute("data-unread", "false");
  await expect(page).toHaveTitle("(2) Herald");

  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
  await expect(bell).toBeFocused();
  await expect(bell).toHaveAttribute("aria-expanded", "false");

  // Tab out of an open menu closes it and leaves focus on the bell.
  await page.keyboard.press("ArrowDown");
  await expect(menu).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(menu).toHaveCount(0);
  await expect(bell).toBeFocused();
});

test("the skip link moves focus to the page's main content", async ({ page, person }) => {
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});
