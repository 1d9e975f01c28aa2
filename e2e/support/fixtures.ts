// Shared steps for the browser specs: sign in through the real form, and publish
// through the real service API with a key created through the domain layer.
import { expect, test as base, type Page } from "@playwright/test";
import { loadConfig } from "../../server/config/index.ts";
import { connectDb, disconnectDb } from "../../server/db/connect.ts";
import { embeddedOptions, embeddedUrl } from "../../server/db/embedded.ts";
import { createApiKey } from "../../server/auth/api-keys.ts";
import { DEMO_USERS } from "../../prisma/seed.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { db } from "../../server/db/index.ts";
import { E2E_DATA_DIR, E2E_PG_PORT, E2E_PORT } from "./e2e-env.ts";

type DemoId = (typeof DEMO_USERS)[number]["id"];
export type Person = { id: string; email: string; name: string; password: string };

export async function signIn(page: Page, who: DemoId | Person): Promise<void> {
  const user = typeof who === "string" ? DEMO_USERS.find((u) => u.id === who)! : who;
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.name);
}

export type Publish = (body: {
  recipients: string[];
  type: string;
  title: string;
  body?: string;
  actionUrl?: string;
  data?: Record<string, unknown>;
  groupKey?: string;
}) => Promise<string[]>;

async function createPerson(id: string): Promise<Person> {
  const person = { id, email: `${id}@herald.test`, name: `Pat ${id.slice(-4)}`, password: "e2e-password" };
  await db().user.create({ data: { id, email: person.email, name: person.name, passwordHash: await hashPassword(person.password) } });
  return person;
}

/**
 * React streams a page behind its loading.tsx: the content arrives in a hidden
 * `<div id="S:…">` and is revealed a moment later (React 19.2 batches reveals). Until then
 * a test id can match that hidden copy too, and a strict locator fails. So every page's
 * goto and reload (also in contexts a spec opens itself) wait for the reveal, as a person
 * waits for the skeleton to go.
 */
function waitForRevealAfterNavigation(pagePrototype: Record<string, unknown>): void {
  if (pagePrototype.__revealPatched) return;
  pagePrototype.__revealPatched = true;
  for (const name of ["goto", "reload"] as const) {
    const original = pagePrototype[name] as (this: Page, ...args: unknown[]) => Promise<unknown>;
    pagePrototype[name] = async function (this: Page, ...args: unknown[]) {
      const response = await original.apply(this, args);
      await this.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'), undefined, { timeout: 10_000 }).catch(() => {});
      return response;
    };
  }
}

// People of their own for one test, created through the domain layer: the demo people's
// inboxes are shared by every spec, so a spec that counts arrivals uses these.
export const test = base.extend<{ person: Person; otherPerson: Person }, { publish: Publish; revealAfterNavigation: void }>({
  revealAfterNavigation: [
    async ({ browser }, use) => {
      const context = await browser.newContext();
      waitForRevealAfterNavigation(Object.getPrototypeOf(await context.newPage()));
      await context.close();
      await use();
    },
    { scope: "worker", auto: true },
  ],
  person: async ({ publish: _ }, use, testInfo) => {
    await use(await createPerson(`e2e-${testInfo.testId.slice(0, 8)}-${Date.now()}`));
  },
  otherPerson: async ({ publish: _ }, use, testInfo) => {
    await use(await createPerson(`e2e-${testInfo.testId.slice(0, 8)}-o${Date.now()}`));
  },
  publish: [
    async ({}, use) => {
      const config = loadConfig({ DATA_DIR: E2E_DATA_DIR, EMBEDDED_PG_PORT: String(E2E_PG_PORT), DATABASE_URL: "" });
      const client = connectDb(embeddedUrl(embeddedOptions(config)), 2);
      const key = await createApiKey("e2e");
      await use(async (body) => {
        const res = await fetch(`http://localhost:${E2E_PORT}/api/v1/notifications`, {
          method: "POST",
          headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(202);
        return ((await res.json()) as { notifications: { id: string }[] }).notifications.map((n) => n.id);
      });
      await disconnectDb(client);
    },
    { scope: "worker" },
  ],
});

export { expect };
