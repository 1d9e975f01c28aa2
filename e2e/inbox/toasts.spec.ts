// Toasts during a steady stream: the first shows at once, the rest fold into it ("and N
// more") instead of queueing; a toast can be dismissed; it covers none of the feed's
// controls at 1280, 1024 and 390 px with the page scrolled (on a phone it is part of the
// page under the header); F8 moves focus to the toasts with a visible focus ring.
import { live } from "../support/a11y.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

test("a stream of arrivals shows the first at once and folds the rest; Dismiss closes it; it covers no control", async ({ page, person, publish }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // A controllable clock (it runs on its own until fast-forwarded) to check the pause on hover.
  await page.clock.install();
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  const toast = page.getByTestId("toast");

  const started = Date.now();
  await publish({ recipients: [person.id], type: "build", title: "Stream item 1" });
  await expect(toast).toHaveText(/^Stream item 1/, { timeout: 1500 });
  // Shown at once: no gathering delay before the first of a stream.
  expect(Date.now() - started).toBeLessThan(1500);

  for (let i = 2; i <= 6; i++) await publish({ recipients: [person.id], type: "build", title: `Stream item ${i}` });
  await expect(toast.getByTestId("toast-more")).toHaveText("and 5 more");
  await expect(toast).toHaveCount(1);

  // Clear of every button and link on the page.
  const box = (await toast.boundingBox())!;
  const controls = page.locator("main button, main a, header button, header a");
  for (const control of await controls.all()) {
    const c = await control.boundingBox();
    if (!c) continue;
    const overlaps = c.x < box.x + box.width && box.x < c.x + c.width && c.y < box.y + box.height && box.y < c.y + c.height;
    expect(overlaps, await control.innerText()).toBe(false);
  }

  // It waits while hovered: time passes far beyond its 6 s, and it stays; then it goes.
  await toast.hover();
  await page.clock.fastForward(15_000);
  await expect(toast).toBeVisible();
  await page.mouse.move(10, 400);
  await page.clock.fastForward(7_000);
  await expect(toast).toHaveCount(0);

  await publish({ recipients: [person.id], type: "build", title: "One more" });
  await expect(toast).toHaveText(/^One more/);
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(toast).toHaveCount(0);
  // The next arrival after a dismissal is a toast of its own.
  await publish({ recipients: [person.id], type: "build", title: "After the stream" });
  await expect(toast).toHaveText(/^After the stream/);
  await expect(toast.getByTestId("toast-more")).toHaveCount(0);
});

/** Names of the visible buttons and links of the page (header and main) that the toast's box intersects. */
async function controlsUnderToast(page: import("@playwright/test").Page): Promise<string[]> {
  return page.evaluate(() => {
    const toast = document.querySelector("[data-testid=toast]")!.getBoundingClientRect();
    const hits: string[] = [];
    for (const control of document.querySelectorAll<HTMLElement>("header button, header a, main button, main a, main [role=switch]")) {
      const r = control.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
      if (r.left < toast.right && toast.left < r.right && r.top < toast.bottom && toast.top < r.bottom) hits.push(control.innerText || control.getAttribute("aria-label") || control.tagName);
    }
    return hits;
  });
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
]) {
  test(`at ${size.width} px a toast covers none of the feed's controls with the page scrolled`, async ({ browser, person, publish }) => {
    for (let i = 0; i < 25; i++) await publish({ recipients: [person.id], type: "build", title: `Older ${i}` });
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    await signIn(page, person);
    await page.goto("/notifications");
    await live(page);
    await expect(page.getByTestId("feed-list").locator("li")).toHaveCount(20);
    // Mid-feed: rows with their Mark read and Clear buttons fill the screen.
    await page.getByTestId("feed-list").locator("li").nth(10).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 300);
    await page.waitForFunction(() => scrollY > 300);

    await publish({ recipients: [person.id], type: "build", title: `Toast at ${size.width}` });
    const toast = page.getByTestId("toast");
    await expect(toast).toHaveText(/^Toast at/);
    expect(await controlsUnderToast(page)).toEqual([]);
    if (size.width >= 768) {
      // Beside the page's column, in view.
      await expect(toast).toBeInViewport({ ratio: 1 });
    } else {
      // On a phone it is part of the page under the header: seen from the top, covering nothing there either.
      await page.evaluate(() => scrollTo(0, 0));
      await expect(toast).toBeInViewport({ ratio: 1 });
      expect(await controlsUnderToast(page)).toEqual([]);
    }

    // F8 moves focus to the toasts, with the visible focus ring.
    await page.keyboard.press("F8");
    const ring = await page.evaluate(() => {
      const el = document.activeElement!;
      return { tag: el.tagName, shadow: getComputedStyle(el).boxShadow };
    });
    expect(ring.tag).toBe("OL");
    expect(ring.shadow).not.toBe("none");
    await context.close();
  });
}

test("in the admin console at 1024 px a toast covers none of its controls", async ({ browser, publish }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signIn(page, "admin");
  // The delivery log: a wide table with its filters and links, filling the page.
  await page.goto("/admin/deliveries");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await live(page);
  await publish({ recipients: ["admin"], type: "build", title: "Toast over the console" });
  await expect(page.getByTestId("toast")).toHaveText(/^Toast over the console/);
  await expect(page.getByTestId("toast")).toBeInViewport({ ratio: 1 });
  expect(await controlsUnderToast(page)).toEqual([]);
  // Beside the console's column, not over it: whatever the page holds, the toast covers none of it.
  const toastLeft = (await page.getByTestId("toast").boundingBox())!.x;
  const nav = (await page.getByRole("navigation", { name: "Admin console" }).boundingBox())!;
  const main = (await page.locator("main#main").boundingBox())!;
  expect(Math.max(nav.x + nav.width, main.x + main.width)).toBeLessThanOrEqual(toastLeft);
  await context.close();
});
