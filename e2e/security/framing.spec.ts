// Clickjacking: a page on another origin that frames Herald gets nothing, not even for a
// signed-in person whose session cookie the browser sends along.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { E2E_PORT } from "../support/e2e-env.ts";
import { expect, signIn, test } from "../support/fixtures.ts";

const HERALD = `http://localhost:${E2E_PORT}`;

/**
 * The attacker's site: one frame on Herald's feed and a control frame on a page of its
 * own, so a blank Herald frame means "blocked", not "nothing renders in frames".
 * It is another origin of the same site (localhost, another port): the case where the
 * browser still sends Herald's SameSite=Lax session cookie into the frame.
 */
async function startAttackerSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    if (req.url === "/control") return void res.end(`<p id="control">Control frame rendered</p>`);
    res.end(`<!doctype html><title>Win a prize</title>
      <script>window.framesLoaded = 0;</script>
      <iframe id="herald" src="${HERALD}/notifications" width="800" height="400" onload="window.framesLoaded++"></iframe>
      <iframe id="control" src="/control" width="300" height="100" onload="window.framesLoaded++"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, server };
}

test("a page on another origin that frames /notifications gets nothing", async ({ page, person, publish }, testInfo) => {
  const attacker = await startAttackerSite();
  try {
    await signIn(page, person);
    await publish({ recipients: [person.id], type: "bait", title: "Something unread to mark" });
    const consoleErrors: string[] = [];
    page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));

    await page.goto(attacker.url);
    await page.waitForFunction(() => (window as unknown as { framesLoaded: number }).framesLoaded === 2);

    // The control frame renders, so frames as such work on this page.
    await expect(page.frameLocator("#control").locator("#control")).toHaveText("Control frame rendered");
    // Herald's frame is Chromium's blocked-frame error page, with nothing of Herald in it.
    const herald = await (await page.locator("#herald").elementHandle()).contentFrame();
    expect(herald?.url()).toBe("chrome-error://chromewebdata/");
    await expect(page.frameLocator("#herald").getByRole("button", { name: "Mark all read" })).toHaveCount(0);
    await expect.poll(() => consoleErrors.join("\n")).toMatch(/frame-ancestors 'none'/);

    const screenshot = testInfo.outputPath("attacker-page.png");
    await page.screenshot({ path: screenshot });
    await testInfo.attach("the attacker's page", { path: screenshot, contentType: "image/png" });
  } finally {
    await new Promise((resolve) => attacker.server.close(resolve));
  }
});
