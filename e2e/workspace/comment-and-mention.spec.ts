// The demo workspace end to end: Bob opens a task, Alice comments on it and @mentions
// Carol, and both bells update live in their own browsers; each notification links back
// to the task; the admin sees Bob online and finds the comment's notification, with its
// reasons, in the delivery log. Also: anonymous visitors are sent to sign in.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures.ts";

const live = (page: Page) => page.waitForFunction(() => document.querySelector("[data-live='true']") !== null);

/** The bell's unread count now (other specs share the demo people, so counts start anywhere). */
async function unread(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-badge");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("Alice comments on Bob's task and mentions Carol: Bob's and Carol's bells update live, and the admin finds it in the delivery log", async ({ browser }) => {
  // Three people signing in and acting in turn: more than the default on a busy machine.
  test.setTimeout(90_000);
  const [bobContext, aliceContext, carolContext] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [bob, alice, carol] = await Promise.all([bobContext.newPage(), aliceContext.newPage(), carolContext.newPage()]);
  await signIn(bob, "bob");
  await signIn(alice, "alice");
  await signIn(carol, "carol");

  // Bob opens a task from the header's link.
  await bob.getByRole("link", { name: "Tasks" }).click();
  await expect(bob.getByRole("heading", { name: "Tasks", level: 1 })).toBeVisible();
  const title = `Launch checklist ${Date.now()}`;
  await bob.getByLabel("Title").fill(title);
  await bob.getByLabel("Description").fill("Everything we need before the launch.");
  await bob.getByRole("button", { name: "Create task" }).click();
  await expect(bob.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const number = Number(/\/tasks\/(\d+)$/.exec(bob.url())![1]);
  await expect(bob.getByRole("button", { name: "Watching" })).toHaveAttribute("aria-pressed", "true");

  await Promise.all([live(bob), live(carol)]);
  const [bobBefore, carolBefore] = [await unread(bob), await unread(carol)];

  // Alice finds it in the list, and mentions Carol by picking her from the suggestions.
  await alice.goto("/tasks");
  await alice.getByTestId("task-list").getByRole("link", { name: new RegExp(title) }).click();
  await expect(alice).toHaveURL(`/tasks/${number}`);
  const box = alice.getByLabel("Add a comment");
  await box.fill("Looks good. @car");
  await alice.getByRole("group", { name: "Mention someone" }).getByRole("button", { name: /Carol Diaz/ }).click();
  await expect(box).toHaveValue("Looks good. @carol ");
  await expect(box).toBeFocused();
  await box.pressSequentially("can you check the copy?");
  await alice.getByRole("button", { name: "Comment" }).click();
  await expect(alice.getByTestId("comments")).toContainText("Looks good. @carol can you check the copy?");
  await expect(box).toHaveValue("");

  // Live, without a reload: Bob hears of a comment, Carol of a mention. Alice of neither.
  await expect(bob.getByTestId("unread-badge")).toHaveText(String(bobBefore + 1));
  await expect(carol.getByTestId("unread-badge")).toHaveText(String(carolBefore + 1));
  // Bob still has the task open: the comment appears there too.
  await expect(bob.getByTestId("comments")).toContainText("Looks good. @carol can you check the copy?");
  await bob.getByRole("button", { name: /^Notifications/ }).click();
  const bobList = bob.getByTestId("notification-list");
  const toBob = bobList.locator("[data-notification-id]").filter({ hasText: `Alice Park commented on Task #${number}` });
  await expect(toBob).toContainText("Looks good. @carol can you check the copy?");
  // Its detail view shows who did it and links back to the task.
  await toBob.click();
  const bobDetail = bob.getByRole("dialog");
  await expect(bobDetail.getByTestId("detail-actor")).toHaveText("Alice Park");
  await expect(bobDetail.getByTestId("detail-action")).toHaveAttribute("href", `/tasks/${number}`);
  await bob.keyboard.press("Escape");

  await carol.getByRole("button", { name: /^Notifications/ }).click();
  const carolList = carol.getByTestId("notification-list");
  const toCarol = carolList.locator("[data-notification-id]").filter({ hasText: `Alice Park mentioned you on Task #${number}` });
  await expect(toCarol).toHaveCount(1);
  // Carol is not a watcher: one notification, the mention; following it opens the task.
  await expect(carolList.locator("[data-notification-id]").filter({ hasText: `Task #${number}:` })).toHaveCount(1);
  await toCarol.click();
  await carol.getByRole("dialog").getByTestId("detail-action").click();
  await expect(carol).toHaveURL(`/tasks/${number}`);
  await expect(carol.getByTestId("comments")).toContainText("can you check the copy?");

  // Bob assigns it to Carol from the task page: she hears of that too.
  const carolNow = await unread(carol);
  await bob.getByLabel("Assignee").selectOption({ label: "Carol Diaz" });
  await bob.getByRole("button", { name: "Assign" }).click();
  await expect(carol.getByTestId("unread-badge")).toHaveText(String(carolNow + 1));
  await carol.getByRole("button", { name: /^Notifications/ }).click();
  await expect(carol.getByTestId("notification-list")).toContainText(`Bob Okafor assigned you Task #${number}`);
  // Carol's open task page caught up with the assignment as it arrived.
  await carol.keyboard.press("Escape");
  await expect(carol.getByLabel("Assignee")).toHaveValue("carol");

  // The admin, in a browser of their own: Bob is online, and the comment's notification to
  // him is in the delivery log with the workspace's key and each channel's reason.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin");
  await admin.goto("/admin/people");
  await admin.getByLabel("Search people").fill("bob");
  const bobRow = admin.getByTestId("person-bob");
  await expect(bobRow).toContainText("online");
  await bobRow.getByRole("link", { name: "Bob Okafor" }).click();
  await admin.getByRole("link", { name: "their notifications" }).click();
  const comment = `Alice Park commented on Task #${number}`;
  // The inbox item (the comment opened a group for the task) carries the routing decisions.
  const entry = admin.getByTestId("delivery-row").filter({ hasText: comment }).filter({ hasText: "Push: skipped" });
  await expect(entry).toContainText("In-app: sent");
  await entry.getByRole("link", { name: new RegExp(comment) }).click();
  await expect(admin.getByTestId("published-by")).toContainText("Demo workspace (built in)");
  await expect(admin.getByTestId("reason-push")).toHaveText("person online: shown in the app");
  // The comment opened a group for the task: the item lists what was folded into it.
  await expect(admin.getByTestId("story-group")).toContainText(comment);

  await Promise.all([bobContext.close(), aliceContext.close(), carolContext.close(), adminContext.close()]);
});

test("anonymous visitors are sent to sign in", async ({ page }) => {
  for (const path of ["/tasks", "/tasks/1"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin/);
  }
});
