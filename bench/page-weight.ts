// The JavaScript a page makes the browser download: signs in as a demo person on a running
// Herald, opens a page, and adds up every script it loaded, as sent (after compression)
// and as executed (decoded). One page load; not a load test.
//   node --import tsx bench/page-weight.ts http://localhost:3000 [path] [email] [password]
import { get } from "node:http";
import { chromium } from "@playwright/test";
import { chromiumPath } from "../scripts/check-chromium.ts";

const [base = "http://localhost:3000", path = "/", email = "alice@herald.local", password = "herald-alice"] = process.argv.slice(2);

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/signin`);
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(`${base}/`);

// A fresh tab with an empty cache: what a first visit costs.
const tab = await context.newPage();
const cdp = await context.newCDPSession(tab);
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
const scripts: { url: string; sent: number; decoded: number; encoding: string }[] = [];
const reads: Promise<void>[] = [];
tab.on("requestfinished", (request) => {
  if (request.resourceType() !== "script") return;
  reads.push(
    (async () => {
      const response = await request.response();
      if (!response) return;
      const decoded = (await response.body()).length;
      scripts.push({ url: request.url(), sent: 0, decoded, encoding: "" });
    })(),
  );
});
const document = await tab.goto(`${base}${path}`, { waitUntil: "networkidle" });
// Scripts the HTML names are needed for first paint and hydration; the rest were loaded later (lazy).
const html = (await document?.text()) ?? "";
await Promise.all(reads);
await browser.close();

// What goes over the wire for each script when the browser asks for br or gzip, read raw
// (Node's http does not decode): Chromium hides it for streamed, compressed responses.
for (const script of scripts) {
  await new Promise<void>((resolve, reject) => {
    get(script.url, { headers: { "accept-encoding": "br, gzip" } }, (res) => {
      script.encoding = res.headers["content-encoding"] ?? "identity";
      res.on("data", (chunk: Buffer) => (script.sent += chunk.length));
      res.on("end", resolve);
    }).on("error", reject);
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const inHtml = (url: string) => html.includes(new URL(url).pathname);
const first = scripts.filter((s) => inHtml(s.url));
console.log(`${path} first paint (named in the HTML): ${first.length} scripts, ${kb(first.reduce((n, s) => n + s.decoded, 0))} decoded, ${kb(first.reduce((n, s) => n + s.sent, 0))} sent`);
const sent = scripts.reduce((s, x) => s + x.sent, 0);
const decoded = scripts.reduce((s, x) => s + x.decoded, 0);
for (const s of process.env.VERBOSE ? scripts : []) console.log(`  ${inHtml(s.url) ? "first" : "lazy "} ${kb(s.decoded).padStart(9)} ${kb(s.sent).padStart(9)} ${s.encoding.padEnd(8)} ${s.url}`);
console.log(`${path} all, lazy included: ${scripts.length} scripts, ${kb(decoded)} decoded, ${kb(sent)} sent (${[...new Set(scripts.map((s) => s.encoding))].join(", ")})`);
