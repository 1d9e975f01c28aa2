// A notification's link never takes a person off Herald unannounced: hostile actionUrl
// values stored before the API checked them (planted here straight in PostgreSQL) make no
// link in the bell, the feed or a toast, and clicking them stays on the page. An allowed
// external link looks external and opens in a new tab without opener or referrer.
import type { BrowserContext, Page } from "@playwright/test";
import { db } from "../../server/db/index.ts";
import { E2E_PORT } from "../support/e2e-env.ts";
import { expect, signIn, test, type Person, type Publish } from "../support/fixtures.ts";

const ORIGIN = `http://localhost:${E2E_PORT}`;
// In ACTION_URL_ORIGINS of the e2e server (playwright.config.ts).
const PARTNER = "https://docs.partner.example";

const HOSTILE = [
  "//evil.example/p",
  "/\\evil.example/p",
  "http://",
  "/\t/evil.example",
  "/.//evil.example",
  `http://localhost:${E2E_PORT}@evil.example/`,
  "javascript:location.href='https://evil.example/js'",
];

type Planted = { id: string; title: string; value: string };

/** Rows as an older Herald stored them: published through the API, then given a hostile actionUrl in SQL. */
async function plantLegacyRows(publish: Publish, person: Person, values: string[]): Promise<Planted[]> {
  const planted: Planted[] = [];
  for (const value of values) {
    const title = `Legacy link ${HOSTILE.indexOf(value)}`;
    const [id] = await publish({ recipients: [person.id], type: "legacy", title, actionUrl: "/placeholder" });
    await db().$executeRaw`UPDATE notifications SET action_url = ${value} WHERE id = ${id}::uuid`;
    planted.push({ id, title, value });
  }
  return planted;
}

/** Records every request, navigation and popup that leaves the app's origin, and hydration errors. */
function watchOrigin(context: BrowserContext, page: Page) {
  const left: string[] = [];
  const offOrigin = (url: string) => url !== "about:blank" && URL.parse(url)?.host !== new URL(ORIGIN).host;
  context.on("request", (request) => offOrigin(request.url()) && left.push(`request ${request.url()}`));
  context.on("page", (popup) => left.push(`popup ${popup.url()}`));
  page.on("framenavigated", (frame) => frame === page.mainFrame() && offOrigin(frame.url()) && left.push(`navigation ${frame.url()}`));
  const hydration: string[] = [];
  page.on("console", (m) => m.type() === "error" && /hydrat|#418|#423|#425/i.test(m.text()) && hydration.push(m.text()));
  return {
    expectStayed: (path: string) => {
      expect(new URL(page.url()).origin).toBe(ORIGIN);
      expect(new URL(page.url()).pathname).toBe(path);
      expect(left).toEqual([]);
      expect(hydration).toEqual([]);
    },
  };
}

const live = (page: Page, state = true) => page.waitForFunction((s) => document.querySelector(`[data-live='${s}']`) !== null, state);

test("hostile legacy links in the bell are plain items: clicking only marks them read", async ({ browser, person, publish }) => {
  const planted = await plantLegacyRows(publish, person, HOSTILE);
  const context = await browser.newContext();
  const page = await context.newPage();
  const guard = watchOrigin(context, page);
  await signIn(page, person); // the bell's items are server-rendered, then hydrated
  await live(page);
  await page.getByRole("button", { name: /^Notifications/ }).click();
  for (const { id, value } of planted) {
    const item = page.getByTestId("notification-list").locator(`[data-notification-id="${id}"]`);
    await expect(item, value).toHaveAttribute("data-unread", "true");
    await expect(item.locator("a"), value).toHaveCount(0);
    await item.click();
    // Its detail view opens, with no link to follow.
    const detail = page.getByRole("dialog");
    await expect(detail.getByTestId("notification-detail"), value).toBeVisible();
    await expect(detail.locator("a"), value).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(detail).toHaveCount(0);
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await expect(item, value).toHaveAttribute("data-unread", "false");
    guard.expectStayed("/");
  }
  await context.close();
});

test("hostile legacy links in the feed are plain items: clicking only marks them read", async ({ browser, person, publish }) => {
  const planted = await plantLegacyRows(publish, person, HOSTILE);
  const context = await browser.newContext();
  const page = await context.newPage();
  const guard = watchOrigin(context, page);
  await signIn(page, person);
  await page.goto("/notifications");
  await live(page);
  for (const { id, value } of planted) {
    const item = page.getByTestId("feed-list").locator(`[data-notification-id="${id}"]`);
    await expect(item, value).toHaveAttribute("data-unread", "true");
    await expect(item.locator("a"), value).toHaveCount(0);
    await item.locator("button[data-item]").click();
    const detail = page.getByRole("dialog");
    await expect(detail.getByTestId("notification-detail"), value).toBeVisible();
    await expect(detail.locator("a"), value).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(item, value).toHaveAttribute("data-unread", "false");
    guard.expectStayed("/notifications");
  }
  await context.close();
});

test("a hostile legacy link that arrives in a toast is plain text", async ({ browser, person, publish }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const guard = watchOrigin(context, page);
  // The row reaches the tab through the catch-up after a dropped connection, read from
  // PostgreSQL, as a row published before the upgrade would.
  let down = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    ws.connectToServer();
    open.add(ws);
  });
  await signIn(page, person);
  await live(page);
  for (const value of HOSTILE) {
    down = true;
    for (const ws of open) await ws.close();
    open.clear();
    await live(page, false);
    const [{ title }] = await plantLegacyRows(publish, person, [value]);
    down = false;
    const toast = page.getByTestId("toast").filter({ hasText: title });
    await expect(toast, value).toHaveCount(1, { timeout: 15_000 });
    await expect(toast.locator("a"), value).toHaveCount(0);
    await toast.getByText(title).click();
    guard.expectStayed("/");
    await live(page);
  }
  await context.close();
});

test("an allowed external link looks external and opens a new tab without opener or referrer", async ({ browser, person, publish }, testInfo) => {
  const context = await browser.newContext();
  await context.route(`${PARTNER}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>Partner docs</title><p>Partner docs</p>" }),
  );
  const page = await context.newPage();
  await signIn(page, person);
  await live(page);

  // One at a time: arrivals within 300 ms share one toast.
  const [internalId] = await publish({ recipients: [person.id], type: "task", title: "Internal task", actionUrl: "/notifications?from=bell" });
  const internalToast = page.getByTestId("toast").getByRole("link", { name: "Internal task" });
  await expect(internalToast).toHaveAttribute("href", "/notifications?from=bell");
  await expect(internalToast).not.toHaveAttribute("target");
  await expect(internalToast.getByTestId("external-link")).toHaveCount(0);
  // Dismissed, so the next arrival gets a toast of its own instead of folding into this one.
  await page.getByTestId("toast").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("toast")).toHaveCount(0);

  const [externalId] = await publish({ recipients: [person.id], type: "docs", title: "Read the partner guide", actionUrl: `${PARTNER}/guide?x=1` });
  const toastLink = page.getByTestId("toast").getByRole("link", { name: /Read the partner guide/ });
  await expect(toastLink).toHaveAttribute("href", `${PARTNER}/guide?x=1`);
  await expect(toastLink).toHaveAttribute("target", "_blank");
  await expect(toastLink).toHaveAttribute("rel", /(?=.*\bnoopener\b)(?=.*\bnoreferrer\b)/);
  await expect(toastLink).toHaveAccessibleName(/\(opens another site\)/);
  await expect(toastLink.getByTestId("external-link").locator("svg")).toBeVisible();

  // In the bell, each item's detail view carries its link.
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await bell.click();
  await page.locator(`[data-notification-id="${internalId}"]`).click();
  const internal = page.getByRole("dialog").getByTestId("detail-action");
  await expect(internal).toHaveAttribute("href", "/notifications?from=bell");
  await expect(internal).not.toHaveAttribute("target");
  await expect(internal.getByTestId("external-link")).toHaveCount(0);
  await page.keyboard.press("Escape");

  await bell.click();
  await page.locator(`[data-notification-id="${externalId}"]`).click();
  const link = page.getByRole("dialog").getByTestId("detail-action");
  await expect(link).toHaveAttribute("href", `${PARTNER}/guide?x=1`);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", /(?=.*\bnoopener\b)(?=.*\bnoreferrer\b)/);
  await expect(link).toHaveAccessibleName(/Read the partner guide \(opens another site\)/);
  await expect(link.getByTestId("external-link").locator("svg")).toBeVisible();
  await expect(link.getByTestId("external-link").locator("svg")).toHaveAttribute("aria-hidden", "true");
  const screenshot = testInfo.outputPath("external-link.png");
  await page.screenshot({ path: screenshot });
  await testInfo.attach("external link in the bell and a toast", { path: screenshot, contentType: "image/png" });

  const [popup] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await popup.waitForLoadState();
  expect(popup.url()).toBe(`${PARTNER}/guide?x=1`);
  expect(await popup.evaluate(() => ({ opener: window.opener, referrer: document.referrer }))).toEqual({ opener: null, referrer: "" });
  // The Herald tab stays where it was, and opening the item marked it read.
  expect(page.url()).toBe(`${ORIGIN}/`);
  await bell.click();
  await expect(page.locator(`[data-notification-id="${externalId}"]`)).toHaveAttribute("data-unread", "false");
  await context.close();
});
