// A page that does not exist: status 404 with the app's header, its theme (the manual
// choice too) and a way home, and no serious accessibility violations, signed in or not.
import { expectNoSeriousA11yViolations } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

test("/nonexistent shows the styled 404 in the chosen theme with a way home", async ({ browser, person }) => {
  // The system is light; the person picked Dark by hand.
  const context = await browser.newContext({ colorScheme: "light" });
  await context.addInitScript(() => localStorage.setItem("herald-theme", "dark"));
  const page = await context.newPage();
  const response = await page.goto("/nonexistent");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Herald");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(2, 6, 23)");
  await expect(page.getByRole("banner").getByRole("button", { name: /^Theme/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.locator("main#main")).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, "404 dark");

  // Signed in, home is the inbox.
  await signIn(page, person);
  await page.goto("/nonexistent/deeper");
  await page.getByRole("main").getByRole("link", { name: "Back to Herald" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(person.name);
  await context.close();
});
