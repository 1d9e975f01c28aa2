// Every admin console page, in light and dark: no serious or critical axe violations, and
// no sideways scrolling on a 390 px phone. Screenshots go to test-results/ (README).
import AxeBuilder from "@axe-core/playwright";
import { ADMIN_PAGES } from "../../lib/admin-pages.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

test.describe.configure({ timeout: 120_000 });

for (const colorScheme of ["light", "dark"] as const) {
  test(`every admin page passes axe and fits a phone (${colorScheme})`, async ({ page, publish }, testInfo) => {
    const [notificationId] = await publish({ recipients: ["alice"], type: "comment.created", title: "Bob commented on Task #234" });
    await page.emulateMedia({ colorScheme });
    await signIn(page, "admin");
    await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    // An email in the outbox, for its page.
    const emailId = await page.evaluate(async () => {
      await fetch("/api/v1/admin/channels/test-email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ to: "axe@example.test" }) });
      const res = await fetch("/api/v1/admin/outbox?to=axe@example.test");
      return ((await res.json()) as { emails: { id: string }[] }).emails[0].id;
    });
    const ids: Record<string, string> = { userId: "alice", id: "" };
    for (const { path, label } of ADMIN_PAGES) {
      ids.id = path.startsWith("/admin/outbox/") ? emailId : notificationId;
      const url = path.replace(/\[(\w+)\]/, (_m, name: string) => ids[name]);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(0);
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${label}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      const slug = url.split("/").slice(2, 3).join("") || "overview";
      if (!path.includes("[")) await page.screenshot({ path: testInfo.outputPath(`admin-${slug}-${colorScheme}.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} scrolls sideways on a phone`).toBeLessThanOrEqual(390);
    }
  });
}
