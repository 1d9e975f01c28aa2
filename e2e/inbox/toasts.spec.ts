// Toasts during a steady stream: the first shows at once, the rest fold into it ("and N
// more") instead of queueing; a toast can be dismissed; on a desktop it sits clear of the
// feed's controls.
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
