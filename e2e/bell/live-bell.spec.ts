// A notification published for one person shows in their bell at once, and never in
// anyone else's.
import { expect, signIn, test } from "../support/fixtures.ts";

test("a published notification reaches the recipient's bell live, and only theirs", async ({ browser, publish, person, otherPerson }, testInfo) => {
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  await signIn(alice, person);
  await signIn(bob, otherPerson);
  const aliceBell = alice.getByRole("button", { name: /^Notifications/ });
  const bobBell = bob.getByRole("button", { name: /^Notifications/ });
  await expect(aliceBell).toHaveAccessibleName("Notifications");
  // Wait until both tabs hold a live connection before publishing.
  await expect(alice.locator("html")).toBeVisible();
  await alice.waitForFunction(() => document.querySelector("[data-live='true']") !== null);
  await bob.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

  const title = `Bob commented on Task #234 (${Date.now()})`;
  const [id] = await publish({ recipients: [person.id], type: "comment.created", title, body: "Ship it", actionUrl: "/tasks/234" });

  await expect(alice.getByTestId("unread-badge")).toHaveText("1", { timeout: 1000 });
  await expect(aliceBell).toHaveAccessibleName("Notifications, 1 unread");
  await aliceBell.click();
  const item = alice.locator(`[data-notification-id="${id}"]`);
  await expect(item).toContainText(title);
  await expect(item).toContainText("Ship it");
  // Its detail view carries the action.
  await item.click();
  await expect(alice.getByRole("dialog").getByTestId("detail-action")).toHaveAttribute("href", "/tasks/234");
  await alice.keyboard.press("Escape");
  await expect(aliceBell).toBeFocused();
  await aliceBell.click();

  // Keyboard: Escape closes the dropdown and returns focus to the bell.
  await alice.keyboard.press("ArrowDown");
  await alice.keyboard.press("Escape");
  await expect(aliceBell).toBeFocused();
  await expect(aliceBell).toHaveAttribute("aria-expanded", "false");
  await aliceBell.click();

  const screenshot = testInfo.outputPath("bell-alice.png");
  await alice.screenshot({ path: screenshot });
  await testInfo.attach("alice's bell", { path: screenshot, contentType: "image/png" });

  await expect(bob.getByTestId("unread-badge")).toHaveCount(0);
  await bobBell.click();
  await expect(bob.getByText(title)).toHaveCount(0);
  await expect(bob.getByText("You're all caught up.")).toBeVisible();

  await aliceContext.close();
  await bobContext.close();
});

test("the same notification appears in every open tab of that user", async ({ browser, publish, person }) => {
  const context = await browser.newContext();
  const tab1 = await context.newPage();
  await signIn(tab1, person);
  const tab2 = await context.newPage();
  await tab2.goto("/");
  for (const tab of [tab1, tab2]) await tab.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

  const [first, second] = [`First for Carol ${Date.now()}`, `Second for Carol ${Date.now()}`];
  await publish({ recipients: [person.id], type: "mention", title: first });
  await publish({ recipients: [person.id], type: "mention", title: second });

  for (const tab of [tab1, tab2]) {
    await expect(tab.getByTestId("unread-badge")).toHaveText("2");
    await tab.getByRole("button", { name: /^Notifications/ }).click();
    const titles = tab.getByTestId("notification-list").getByTestId("notification-title");
    await expect(titles.first()).toHaveText(second);
    await expect(titles.nth(1)).toHaveText(first);
  }
  await context.close();
});
