// axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations, and the
// contrast rule must actually have run on something (so a page of nothing cannot pass).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${where}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(axe.passes.map((p) => p.id), where).toEqual(expect.arrayContaining(["color-contrast"]));
}

/** Resolves once the tab's inbox socket is live (the page is hydrated and connected). */
export const live = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);
