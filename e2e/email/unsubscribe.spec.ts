// The unsubscribe link in an email, as a person follows it without signing in: the page
// says what would stop and changes nothing until they press the button; then that one
// type's email is off for them, and the page says so. A link that is not valid says that.
import { db } from "../../server/db/index.ts";
import { unsubscribeLinks } from "../../server/channels/email/unsubscribe.ts";
import { expect, test } from "../support/fixtures.ts";

const choices = (userId: string) => db().preference.findMany({ where: { userId }, select: { type: true, channel: true, enabled: true } });

test("the link from an email turns off that type's email after one press, without signing in", async ({ page, person }) => {
  // The link Herald puts in a "Mentions" email to this person (its origin is the config's; the path is what matters).
  const link = new URL(unsubscribeLinks(person.id, "comment.mention", person.email).page);
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { name: "Stop emails about “Mentions”?" })).toBeVisible();
  expect(await choices(person.id)).toEqual([]); // opening the page changed nothing

  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You no longer get emails about “Mentions”" })).toBeVisible();
  expect(await choices(person.id)).toEqual([{ type: "comment.mention", channel: "email", enabled: false }]);
  await expect(page.getByRole("link", { name: "Notification settings" })).toHaveAttribute("href", "/settings/notifications");
});

test("a link that was altered says it is not valid and offers nothing to press", async ({ page, person }) => {
  const link = new URL(unsubscribeLinks(person.id, "comment.mention", person.email).page);
  await page.goto(`${link.pathname}?token=${link.searchParams.get("token")!.slice(0, -3)}xyz`);
  await expect(page.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();
  await expect(page.getByRole("button")).toHaveCount(0);
  expect(await choices(person.id)).toEqual([]);
});
