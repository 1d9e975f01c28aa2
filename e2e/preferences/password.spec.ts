// Changing a password from the settings screen: field errors under their fields (checked
// in the browser, and the API's 422 for a wrong current password), then on success every
// session ends and sign-in says why; the new password signs in.
import { expectNoSeriousA11yViolations } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

test("a person changes their password: field errors first, then sign-in with the new one", async ({ page, person }) => {
  await signIn(page, person);
  await page.goto("/settings/notifications");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\/password$/);
  await expect(page.getByRole("heading", { level: 1, name: "Password" })).toBeVisible();
  const current = page.getByLabel("Current password");
  const next = page.getByLabel("New password", { exact: true });
  const confirm = page.getByLabel("Confirm new password");
  const submit = page.getByRole("button", { name: "Change password" });

  // Checked before anything is sent: a new password that is too short, then one that does not match.
  await current.fill("not-my-password");
  await next.fill("short");
  await submit.click();
  await expect(next).toHaveAttribute("aria-invalid", "true");
  await expect(next).toHaveAccessibleDescription(/Use 8 to 1024 characters/);
  await expect(next).toBeFocused();
  await next.fill("a-new-password-1");
  await confirm.fill("a-new-password-2");
  await submit.click();
  await expect(confirm).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("confirmPassword-error")).toHaveText("This does not match the new password.");

  // A wrong current password: the API's 422 names the field.
  await confirm.fill("a-new-password-1");
  await submit.click();
  await expect(page.getByTestId("currentPassword-error")).toHaveText("That is not your current password.");
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(current).toBeFocused();
  await expect(confirm).not.toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(page, "password form with errors");

  // The right one: every session ends, this one too, and sign-in says so.
  await current.fill(person.password);
  await submit.click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  await page.goto("/settings/password");
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, { ...person, password: "a-new-password-1" });
});
