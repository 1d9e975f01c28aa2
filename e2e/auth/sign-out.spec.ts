// Signing out ends the session everywhere it is open: another tab of the same browser is
// sent to the sign-in page at once (its socket is closed with session:ended), and the old
// session cookie no longer opens a page.
import { expect, signIn, test } from "../support/fixtures.ts";

test("signing out in one tab sends the other tab to the sign-in page", async ({ browser, person }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, person);
  const cookie = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
  expect(cookie).toBeTruthy();

  const second = await context.newPage();
  await second.goto("/notifications");
  await second.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

  await first.getByRole("button", { name: "Sign out" }).click();
  await expect(first).toHaveURL(/\/signin$/);
  await expect(second).toHaveURL(/\/signin$/);

  // The old cookie, replayed in a fresh browser context, is just an unknown visitor.
  const replay = await browser.newContext();
  await replay.addCookies([{ ...cookie!, expires: -1 }]);
  const page = await replay.newPage();
  await page.goto("/notifications");
  await expect(page).toHaveURL(/\/signin$/);
  await replay.close();
  await context.close();
});
