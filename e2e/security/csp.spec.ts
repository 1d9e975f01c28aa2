// The Content-Security-Policy does not get in the way: a person signs in, uses the bell,
// moves to the feed and receives notifications live with no violation reported.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

type Violation = { directive: string; blocked: string; url: string };

/** Every CSP violation and policy complaint the page reports, across navigations. */
async function watchPolicies(page: Page) {
  const violations: Violation[] = [];
  const complaints: string[] = [];
  await page.exposeBinding("__reportViolation", (_source, v: Violation) => void violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __reportViolation: (v: Violation) => void }).__reportViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        url: e.documentURI,
      }),
    );
  });
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Permissions[- ]Policy/i.test(message.text())) complaints.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => complaints.push(`pageerror: ${error.message}`));
  return { violations, complaints };
}

const live = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

test("signing in, the bell, the feed and live notifications run with zero CSP violations", async ({ page, person, publish }) => {
  const reported = await watchPolicies(page);
  await signIn(page, person);
  await live(page);

  const bell = page.getByRole("button", { name: /^Notifications/ });
  await bell.click();
  await expect(page.getByText("You're all caught up.")).toBeVisible();
  const [first] = await publish({ recipients: [person.id], type: "comment", title: "Live under a strict CSP" });
  await expect(page.getByTestId("unread-badge")).toHaveText("1");
  await expect(page.locator(`[data-notification-id="${first}"]`)).toContainText("Live under a strict CSP");
  await bell.click();

  // A client-side navigation: Next fetches the route and its chunks under 'strict-dynamic'.
  await page.getByRole("link", { name: "notifications page" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await live(page);
  const feed = page.getByTestId("feed-list");
  await expect(feed).toContainText("Live under a strict CSP");
  await publish({ recipients: [person.id], type: "comment", title: "Second, straight into the feed" });
  await expect(feed.locator("li").first()).toContainText("Second, straight into the feed");
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByTestId("unread-badge")).toHaveCount(0);

  // And a full load of the feed page.
  await page.reload();
  await live(page);
  await expect(feed).toContainText("Second, straight into the feed");

  expect(reported.violations).toEqual([]);
  expect(reported.complaints).toEqual([]);

  // Control: the watch does see a violation when there is one. An injected inline handler,
  // as an HTML-injection payload would carry, is blocked and reported.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img src="data:," onerror="window.injected = true">`));
  await expect.poll(() => reported.violations.map((v) => v.directive)).toEqual(["script-src-attr"]);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});
