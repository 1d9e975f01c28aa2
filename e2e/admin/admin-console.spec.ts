// The admin console in a real browser: the header's Admin link only for admins; revoking
// an API key makes a publish with it fail at once; a test email lands in the outbox and
// reads as its recipient would see it; the admin sees a person online (in another browser
// context) and finds a notification to them in the delivery log with its reasons; the admin
// picks themselves in the test notification's person search (by keyboard) and their own bell
// counts it, and the overview's people-online count follows a person coming and going live.
import type { Page } from "@playwright/test";
import { E2E_PORT } from "../support/e2e-env.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

// To a person of the test's own: the demo people's inboxes belong to the specs that check them.
const publishWith = (secret: string, recipient: string) =>
  fetch(`http://localhost:${E2E_PORT}/api/v1/notifications`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ recipients: [recipient], type: "e2e.key", title: "Published with a key" }),
  }).then((r) => r.status);

test("the Admin link shows for admins only, and a non-admin gets a 403 page", async ({ page, person }) => {
  await signIn(page, person);
  await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
  const res = await page.goto("/admin/people");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You cannot open this page" })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, "admin");
  await page.getByRole("banner").getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Running instances" }).getByRole("row")).toHaveCount(2);
});

test("the admin creates an API key, sees its secret once, revokes it, and a publish with it is refused", async ({ page, person }) => {
  await signIn(page, "admin");
  await page.goto("/admin/api-keys");
  const name = `e2e-revoke-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-key-secret").textContent())!;
  expect(secret).toMatch(/^hk_/);
  expect(await publishWith(secret, person.id)).toBe(202);

  const row = page.getByTestId(`key-${name}`);
  await expect(row).toContainText("by Ada Admin");
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText(`“${name}” is revoked`)).toBeVisible();
  await expect(row).toContainText("revoked");
  expect(await publishWith(secret, person.id)).toBe(401);
  await expect(page.getByTestId("new-key")).toHaveCount(0);
});

test("the admin sends a test email and reads it in the outbox", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/channels");
  await expect(page.getByTestId("email-provider")).toContainText("the outbox");
  const to = `e2e-${Date.now()}@example.test`;
  await page.getByLabel("To").fill(to);
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-email-result")).toContainText("Accepted (outbox): written to the outbox");

  await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Email outbox" }).click();
  await page.getByLabel("Filter by recipient").fill(to);
  await expect(page.getByTestId("outbox-row")).toHaveCount(1);
  await page.getByRole("link", { name: "Herald test email" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Herald test email" })).toBeVisible();
  const mail = page.frameLocator('iframe[title="Email: Herald test email"]');
  await expect(mail.getByText("If you can read it, email delivery works.")).toBeVisible();
  await page.getByRole("button", { name: "Plain text" }).click();
  await expect(page.getByTestId("email-text")).toContainText("email delivery works");
});

test("the admin sees a person online and finds a notification to them in the delivery log with its reasons", async ({ page, browser, person, publish }) => {
  const theirs = await browser.newContext();
  const personPage = await theirs.newPage();
  try {
    await signIn(personPage, person);
    await personPage.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

    await signIn(page, "admin");
    await page.goto("/admin/people");
    await page.getByLabel("Search people").fill(person.id);
    const row = page.getByTestId(`person-${person.id}`);
    await expect(row).toContainText("online");
    await row.getByRole("link", { name: person.name }).click();
    await expect(page.getByTestId("presence")).toContainText(/1 socket on instance [0-9a-f]{8}/);

    const [id] = await publish({ recipients: [person.id], type: "comment.mention", title: "Bob mentioned you on Task #12" });
    await page.getByRole("link", { name: "their notifications" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/deliveries\\?person=${person.id}`));
    const entry = page.getByTestId("delivery-row").filter({ hasText: "Bob mentioned you on Task #12" });
    await expect(entry).toContainText("In-app: sent");
    await entry.getByRole("link", { name: "Bob mentioned you on Task #12" }).click();
    await expect(page).toHaveURL(`/admin/deliveries/${id}`);
    await expect(page.getByTestId("published-by")).toContainText("API key “e2e”");
    await expect(page.getByTestId("reason-in_app")).toHaveText("shown in the app");
    await expect(page.getByTestId("reason-push")).toHaveText("person online: shown in the app");
    await expect(page.getByTestId("reason-email")).toContainText("if still unread");
  } finally {
    await theirs.close();
  }
});

const live = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

/** The bell's unread count now (other specs share the demo people, so counts start anywhere). */
async function unread(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-badge");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("the overview's online count follows a person coming and going, without a reload", async ({ page, browser, person }) => {
  // Two polls of up to 3 s each, and a closed browser's socket to notice: more than the default.
  test.setTimeout(60_000);
  await signIn(page, "admin");
  await page.goto("/admin");
  await live(page);
  // A poll answered after the admin's own socket is counted: the count to start from.
  await page.waitForResponse((r) => r.url().endsWith("/api/v1/admin/overview"));
  const online = page.getByTestId("people-online");
  const before = Number(await online.textContent());
  expect(before).toBeGreaterThanOrEqual(1);

  const theirs = await browser.newContext();
  const personPage = await theirs.newPage();
  await signIn(personPage, person);
  await live(personPage);
  await expect(online).toHaveText(String(before + 1), { timeout: 15_000 });
  await theirs.close();
  await expect(online).toHaveText(String(before), { timeout: 15_000 });
});

test("the admin finds themselves in the test notification's person search by keyboard, sends it, and their own bell counts it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/test");
  await live(page);
  const bellBefore = await unread(page);

  const picker = page.getByRole("combobox", { name: "Person" });
  await picker.fill("admin@herald");
  await expect(page.getByRole("option", { name: /Ada Admin/ })).toBeVisible();
  await picker.press("ArrowDown");
  await picker.press("ArrowUp");
  await expect(picker).toHaveAttribute("aria-activedescendant", /.+/);
  await picker.press("Enter"); // picks, does not submit
  await expect(picker).toHaveValue("Ada Admin (admin@herald.local)");
  await expect(page.getByRole("listbox", { name: "People" })).toBeHidden();

  const title = `A test to myself ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published to 1 person.")).toBeVisible();
  await expect(page.getByTestId("unread-badge")).toHaveText(String(bellBefore + 1));
  await page.getByRole("button", { name: /^Notifications/ }).click();
  await expect(page.getByTestId("notification-title").filter({ hasText: title })).toBeVisible();
});
