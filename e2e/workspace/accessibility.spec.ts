// /tasks and a task page have no serious accessibility violations, light and dark, work
// from the keyboard and fit a phone. The README's screenshots (docs/screenshots/) are taken
// here, first in the workspace's specs, before the others add their tasks to the list.
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(axe.passes.map((p) => p.id)).toEqual(expect.arrayContaining(["label", "color-contrast"]));
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`/tasks and a task page: no serious accessibility violations, fit a phone (${colorScheme})`, async ({ page }, testInfo) => {
    test.setTimeout(60_000); // axe runs three times, and the machine is shared
    await page.emulateMedia({ colorScheme });
    await signIn(page, "alice");
    await page.goto("/tasks");
    await expect(page.getByTestId("task-list")).toBeVisible();
    await expectNoSeriousViolations(page);
    const shots = "docs/screenshots";
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: colorScheme === "light" ? `${shots}/tasks-light.png` : testInfo.outputPath("tasks-dark.png") });

    // The seeded task with a conversation (the demo data), opened from the list.
    await page.getByTestId("task-list").getByRole("link", { name: /Ship the onboarding checklist/ }).click();
    await expect(page.getByTestId("comments")).toContainText("@carol");
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: colorScheme === "dark" ? `${shots}/task-dark.png` : testInfo.outputPath("task-light.png"), fullPage: true });

    // Keyboard: the comment box, then the comment button, are reachable by Tab.
    await page.getByLabel("Add a comment").focus();
    await page.keyboard.type("@bo");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: /Bob Okafor/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Add a comment")).toHaveValue("@bob ");

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.goto("/tasks");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`tasks-phone-${colorScheme}.png`), fullPage: true });
  });
}
