// The notification settings screen: a person opens it from the header, flips a switch,
// sees "Saved", reloads and finds it kept; a critical type's channels are locked on the
// screen and refused by the API; it works by keyboard, on a 390 px phone, in light and
// dark, without serious accessibility violations.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

const SETTINGS = "/settings/notifications";
const toggle = (page: Page, name: string) => page.getByRole("switch", { name, exact: true });
/** Hydrated (the switches respond) once the tab's inbox socket is live. */
const ready = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

async function openSettings(page: Page) {
  await page.goto(SETTINGS);
  await ready(page);
}

async function putPreference(page: Page, preference: { type: string; channel: string; enabled: boolean }) {
  return page.evaluate(async (p) => {
    const res = await fetch("/api/v1/me/preferences", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ preferences: [p] }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; details: { path: string }[] } } };
  }, preference);
}

test("a person turns Email off for a type, sees Saved, reloads and finds it kept", async ({ page, person, publish }) => {
  const auto = `e2e.auto-${Date.now()}`;
  await publish({ recipients: [person.id], type: auto, title: "First of its kind" });
  // Hydration mismatches, CSP refusals, script errors and failed loads (a missing favicon
  // too) all reach the console as errors.
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} ${m.location().url}`));
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, person);
  await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(SETTINGS);
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();

  // Grouped by area; the auto-registered type is listed with a note instead of a description.
  for (const group of ["Comment", "System", "Task"]) await expect(page.getByRole("heading", { level: 2, name: group })).toBeVisible();
  const autoRow = page.locator(`[data-type="${auto}"]`);
  await expect(autoRow).toContainText("Added automatically the first time it was sent.");
  await expect(toggle(page, `In-app for ${auto}`)).toBeChecked();
  await expect(toggle(page, `Email for ${auto}`)).not.toBeChecked();

  const email = toggle(page, "Email for Mentions");
  await expect(email).toBeChecked();
  await expect(email).toHaveAttribute("aria-checked", "true");
  await email.click();
  await expect(email).not.toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  await page.reload();
  await expect(toggle(page, "Email for Mentions")).not.toBeChecked();
  await expect(toggle(page, "Push for Mentions")).toBeChecked(); // only the one switch changed
  await expect(toggle(page, "In-app for Mentions")).toBeChecked();
  expect(errors).toEqual([]);
});

test("a critical type's default channels are locked on: disabled on the screen, 422 from the API", async ({ page, person }) => {
  await signIn(page, person);
  await openSettings(page);
  const row = page.locator('[data-type="system.announcement"]');
  await expect(row.getByText("Required", { exact: true })).toBeVisible();
  await expect(row).toContainText("Critical: In-app and Email always stay on for these.");
  for (const name of ["In-app for Announcements", "Email for Announcements"]) {
    const locked = toggle(page, name);
    await expect(locked).toBeChecked();
    await expect(locked).toBeDisabled();
    await expect(locked).toHaveAccessibleDescription("Critical: In-app and Email always stay on for these.");
    await locked.click({ force: true });
    await expect(locked).toBeChecked();
  }
  // Push is not one of its channels: the person may turn it on.
  const push = toggle(page, "Push for Announcements");
  await expect(push).toBeEnabled();
  await expect(push).not.toBeChecked();

  const refused = await putPreference(page, { type: "system.announcement", channel: "email", enabled: false });
  expect(refused.status).toBe(422);
  expect(refused.body.error?.code).toBe("validation_failed");
  expect(refused.body.error?.details.map((d) => d.path)).toEqual(["preferences.0.enabled"]);

  await page.reload();
  await expect(toggle(page, "Email for Announcements")).toBeChecked();
});

test("a failed save puts the switch back and offers Retry", async ({ page, person }) => {
  await signIn(page, person);
  await openSettings(page);
  let failNext = true;
  await page.route("**/api/v1/me/preferences", async (route) => {
    if (route.request().method() !== "PUT" || !failNext) return route.fallback();
    failNext = false;
    await route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"unavailable","message":"down"}}' });
  });
  const push = toggle(page, "Push for New comments");
  await expect(push).toBeChecked();
  await push.click();
  const alert = page.getByRole("alert").filter({ hasText: "Couldn't save" });
  await expect(alert).toContainText("Couldn't save Push for New comments. Herald is briefly unavailable.");
  await expect(push).toBeChecked(); // back to what the server holds

  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(push).not.toBeChecked();
  await expect(alert).toHaveCount(0);
  await page.reload();
  await expect(toggle(page, "Push for New comments")).not.toBeChecked();
});

test("works by keyboard alone: Tab to the header link and each switch, Space flips", async ({ page, person }) => {
  await signIn(page, person);
  await page.goto("/");
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent ?? "");
  async function tabTo(name: string) {
    for (let i = 0; i < 40 && (await focusedName()) !== name; i++) await page.keyboard.press("Tab");
    expect(await focusedName()).toBe(name);
  }
  await tabTo("Settings");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(SETTINGS);
  await ready(page);

  await tabTo("In-app for Task assignments");
  await page.keyboard.press("Tab");
  expect(await focusedName()).toBe("Push for Task assignments");
  await page.keyboard.press("Space");
  await expect(toggle(page, "Push for Task assignments")).not.toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.keyboard.press("Space");
  await expect(toggle(page, "Push for Task assignments")).toBeChecked();

  // Locked switches are not stops: from the last of Task's group Tab goes past them.
  await page.reload();
  await ready(page);
  await tabTo("Push for Announcements");
  await page.keyboard.press("Tab");
  expect(await focusedName()).toBe("In-app for Task assignments");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`fits a 390 px phone and has no serious accessibility violations (${colorScheme})`, async ({ page, person }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page, person);
    await openSettings(page);
    const mentions = page.locator('[data-type="comment.mention"]');
    const description = () => mentions.getByText("Someone mentioned you in a comment.").boundingBox();
    const switches = () => mentions.getByRole("group", { name: "Mentions" }).boundingBox();
    // Wide: the switches sit beside the type's name and description.
    expect((await switches())!.y).toBeLessThan((await description())!.y + (await description())!.height);

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    expect(axe.passes.map((p) => p.id)).toEqual(expect.arrayContaining(["button-name", "color-contrast"]));
    await page.screenshot({ path: testInfo.outputPath(`settings-desktop-${colorScheme}.png`), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // On a phone they go under it, and the text keeps the row's width.
    const text = (await description())!;
    const group = (await switches())!;
    expect(group.y).toBeGreaterThanOrEqual(text.y + text.height);
    expect(text.width).toBeGreaterThan(200);
    expect(group.x + group.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath(`settings-phone-${colorScheme}.png`), fullPage: true });
  });
}

test("at 1024 px the channel labels stay on one line and the sticky save bar hides the rows under it; the bell's heading row keeps its height with nothing unread", async ({ browser, person }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signIn(page, person);
  await openSettings(page);
  const labels = page.getByRole("main").locator("label").filter({ hasText: /^(In-app|Push|Email)$/ });
  expect(await labels.count()).toBeGreaterThan(3);
  for (const label of await labels.all()) {
    const lines = await label.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(lines, await label.innerText()).toBe(1);
  }
  // Opaque: rows scrolled under it do not show through.
  const background = await page.getByTestId("save-bar").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toMatch(/^rgb\(/);

  // No "Mark all read" (nothing unread): the heading row is as tall as with it.
  await page.getByRole("button", { name: /^Notifications/ }).click();
  const heading = page.getByTestId("bell-heading");
  await expect(heading).toBeVisible();
  const row = (await heading.locator("xpath=..").boundingBox())!;
  expect(row.height).toBeGreaterThanOrEqual(44);
  await context.close();
});
