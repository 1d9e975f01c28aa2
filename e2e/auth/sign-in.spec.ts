// Sign-in failures say what is wrong, mark the field at fault, and move focus to the message.
import { expectNoSeriousA11yViolations } from "../support/a11y.ts";
import { expect, test } from "../support/fixtures.ts";

test("an empty form asks for the email and password; a wrong password says so; focus lands on the message", async ({ page, person }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in" }).click();
  const message = page.getByRole("alert").and(page.locator("#signin-error"));
  await expect(message).toHaveText("Enter your email and password.");
  await expect(message).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText("Enter your password.");
  await expect(message).toBeFocused();
  await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText("Wrong email or password.");
  await expect(message).toBeFocused();
  await expectNoSeriousA11yViolations(page, "sign-in with an error");
});
