// The workspace's forms refuse bad input beside the field, from the server's own schema,
// and nothing hostile produces a 5xx or runs as markup.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

/** Every 5xx answer the page got, for the assertion that there were none. */
function watchServerErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("response", (res) => {
    if (res.status() >= 500) errors.push(`${res.status()} ${res.url()}`);
  });
  return errors;
}

test("bad input: inline field errors, focus on the field, no 5xx, hostile text stays text", async ({ page, person }) => {
  test.setTimeout(60_000);
  const errors = watchServerErrors(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await signIn(page, person);
  await page.goto("/tasks");

  // An empty title (spaces only): the error sits under the field, which gets focus.
  await page.getByLabel("Title").fill("   ");
  await page.getByRole("button", { name: "Create task" }).click();
  const title = page.getByLabel("Title");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toHaveAccessibleDescription("Give the task a title");
  await expect(title).toBeFocused();

  // Hostile text is created and shown as text.
  const hostile = `<img src=x onerror=alert(1)> \u202Etxt.exe "; DROP TABLE tasks; --`;
  await title.fill(hostile);
  await page.getByRole("button", { name: "Create task" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(hostile);

  // A 10,000-character comment: refused beside the field, the text kept for editing.
  const box = page.getByLabel("Add a comment");
  const long = "x".repeat(10_000);
  await box.fill(long);
  await expect(page.getByText("10,000 / 5,000 characters")).toBeVisible();
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Comment must be at most 5,000 characters")).toBeVisible();
  await expect(box).toHaveValue(long);
  await expect(page.getByTestId("comments")).toHaveCount(0);

  // An empty comment likewise; then a hostile one is saved as written.
  await box.fill("");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByText("Write a comment first")).toBeVisible();
  await box.fill(`${hostile} <script>alert(2)</script>`);
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("comments")).toContainText(`${hostile} <script>alert(2)</script>`);
  await expect(box).not.toHaveAttribute("aria-invalid", "true");

  // A task that does not exist, and a number that is no number.
  for (const path of ["/tasks/99999999", "/tasks/abc", "/tasks/1e3"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Task not found" })).toBeVisible();
  }
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
