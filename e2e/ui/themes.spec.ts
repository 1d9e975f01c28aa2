// Every screen at phone and desktop sizes, in the light and the dark theme: the bell's
// menu lies inside the viewport, and axe-core finds no serious or critical violations
// (contrast included) on sign-in, home with the bell open, the feed, the detail view and
// the settings screen.
import { expectNoSeriousA11yViolations, live } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

const sizes = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

for (const size of sizes) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`${size.name} ${colorScheme}: the bell fits and every screen passes axe`, async ({ browser, person, publish }, testInfo) => {
      test.setTimeout(90_000);
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme });
      const page = await context.newPage();
      const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${size.name}-${colorScheme}-${name}.png`) });

      await page.goto("/signin");
      await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      const canvas = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(canvas).toBe(colorScheme === "dark" ? "rgb(2, 6, 23)" : "rgb(248, 250, 252)");
      await expectNoSeriousA11yViolations(page, "sign-in");
      await shot("signin");

      await signIn(page, person);
      await live(page);
      const body = `Line one of the report\nLine two, after a break\n${"x".repeat(300)}`;
      await publish({
        recipients: [person.id],
        type: "comment.created",
        title: "Sam replied on the launch checklist and asked for a second review of the copy",
        body,
        data: { actor: { name: "Sam Lee", avatarUrl: "https://elsewhere.example/sam.png" } },
      });
      await publish({ recipients: [person.id], type: "deploy.failed", title: "Deploy of web failed", actionUrl: "/notifications" });
      await expect(page.getByTestId("unread-badge")).toHaveText("2");

      await page.getByRole("button", { name: /^Notifications/ }).click();
      const menu = page.getByRole("menu");
      await expect(menu).toBeVisible();
      await expect(menu.getByTestId("bell-heading")).toBeInViewport({ ratio: 1 });
      const box = (await menu.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      // On a phone the menu is a sheet across the whole width.
      if (size.name === "phone") expect(box.width).toBeGreaterThanOrEqual(size.width - 1);
      await expectNoSeriousA11yViolations(page, "home with the bell open");
      await shot("bell");
      await page.keyboard.press("Escape");

      await page.goto("/notifications");
      await live(page);
      await expect(page.getByTestId("feed-list").locator("li")).toHaveCount(2);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await expectNoSeriousA11yViolations(page, "feed");
      await shot("feed");

      await page.getByTestId("feed-list").locator("[data-item]").filter({ hasText: "Sam replied" }).click();
      const detail = page.getByRole("dialog");
      await expect(detail.getByTestId("detail-body")).toHaveText(body);
      // The actor from data.actor (an avatar from another origin falls back to initials), and the type.
      await expect(detail.getByTestId("detail-actor")).toHaveText("Sam Lee");
      await expect(detail.locator("img")).toHaveCount(0);
      await expect(detail.getByTestId("detail-type")).not.toBeEmpty();
      await expectNoSeriousA11yViolations(page, "detail view");
      await shot("detail");
      await page.keyboard.press("Escape");

      await page.goto("/settings/notifications");
      await live(page);
      await expectNoSeriousA11yViolations(page, "settings");
      await shot("settings");
      await context.close();
    });
  }
}

test("the theme toggle overrides the system setting, is remembered, and applies before first paint", async ({ browser, person }) => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await signIn(page, person);
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: /^Theme/ }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  // A new page in the same browser is dark from its first paint, before any React code runs.
  const other = await context.newPage();
  await other.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
  await other.goto("/signin");
  await expect(other.locator("html")).toHaveClass(/\bdark\b/);
  await other.close();

  await page.getByRole("button", { name: /^Theme/ }).click();
  await page.getByRole("menuitemradio", { name: "System" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await context.close();
});

test("on a 390 px phone every control checked here is at least 44 px, and a high-priority type says so", async ({ browser, person, publish }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const atLeastTouch = async (what: string, locator: import("@playwright/test").Locator) => {
    const box = (await locator.boundingBox())!;
    expect(box, what).not.toBeNull();
    expect(Math.round(box.width), `${what} width`).toBeGreaterThanOrEqual(44);
    expect(Math.round(box.height), `${what} height`).toBeGreaterThanOrEqual(44);
  };
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  // comment.mention is a high-priority type (prisma/seed.ts).
  await publish({ recipients: [person.id], type: "comment.mention", title: "Robin mentioned you", data: { actor: "Robin Hood" } });
  await publish({ recipients: [person.id], type: "comment.mention", title: "Robin mentioned you again" });
  await expect(page.getByTestId("toast-more")).toHaveText("and 1 more");
  await atLeastTouch('the toast\'s "and 1 more"', page.getByTestId("toast-more"));
  await atLeastTouch("the toast's Dismiss", page.getByTestId("toast").getByRole("button", { name: "Dismiss" }));
  await atLeastTouch('the feed\'s "All"', page.getByRole("button", { name: "All", exact: true }));
  await atLeastTouch('the feed\'s "Unread"', page.getByRole("button", { name: /^Unread/ }));
  const row = page.getByTestId("feed-list").locator("li").filter({ hasText: "Robin mentioned you again" });
  await expect(row.getByTestId("severity")).toHaveText("High priority");

  await page.goto("/settings/notifications");
  await live(page);
  const switches = page.getByRole("main").getByRole("switch");
  expect(await switches.count()).toBeGreaterThan(3);
  for (const control of await switches.all()) await atLeastTouch(`switch "${await control.getAttribute("aria-label") ?? "push"}"`, control);
  await atLeastTouch("the push switch", page.getByRole("switch", { name: "Push notifications in this browser" }));
  await context.close();
});
