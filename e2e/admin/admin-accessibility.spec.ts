// Every admin console page, in light and dark: no serious or critical axe violations, and
// no sideways scrolling on a 390 px phone. Screenshots go to test-results/ (README).
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { ADMIN_PAGES } from "../../lib/admin-pages.ts";
import { expect, signIn, test, type Publish } from "../support/fixtures.ts";

test.describe.configure({ timeout: 60_000 });

/** The page's address, with something real behind a detail page's id. */
async function addressOf(path: string, page: Page, publish: Publish): Promise<string> {
  if (path === "/admin/people/[userId]") return "/admin/people/alice";
  if (path === "/admin/deliveries/[id]") {
    // To the admin: the other demo people's inboxes belong to the specs that count them.
    const [id] = await publish({ recipients: ["admin"], type: "comment.created", title: "Bob commented on Task #234" });
    return `/admin/deliveries/${id}`;
  }
  if (path === "/admin/outbox/[id]") {
    const id = await page.evaluate(async () => {
      await fetch("/api/v1/admin/channels/test-email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ to: "axe@example.test" }) });
      const res = await fetch("/api/v1/admin/outbox?to=axe@example.test");
      return ((await res.json()) as { emails: { id: string }[] }).emails[0].id;
    });
    return `/admin/outbox/${id}`;
  }
  return path;
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const { path, label } of ADMIN_PAGES) {
    test(`${label} (${path}) passes axe and fits a phone (${colorScheme})`, async ({ page, publish }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await signIn(page, "admin");
      await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      const url = await addressOf(path, page, publish);
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(0);
      // axe cannot run inside the email's sandboxed iframe (no scripts there, by design) and
      // waits for it until the test times out: the console is checked with the text view.
      if (path === "/admin/outbox/[id]") await page.getByRole("button", { name: "Plain text" }).click();
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      const slug = path.replace(/^\/admin\/?/, "").replace(/\/\[\w+\]/, "-detail") || "overview";
      // The README shows the overview (light) and a notification's story (dark); the rest go with the test's output.
      const forReadme = (slug === "overview" && colorScheme === "light") || (slug === "deliveries-detail" && colorScheme === "dark");
      if (forReadme) mkdirSync("docs/screenshots", { recursive: true });
      const shot = forReadme ? `docs/screenshots/admin-${slug}-${colorScheme}.png` : testInfo.outputPath(`admin-${slug}-${colorScheme}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} scrolls sideways on a phone`).toBeLessThanOrEqual(390);
    });
  }
}
