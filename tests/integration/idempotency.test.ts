// Idempotency-Key on POST /api/v1/notifications: a retry gets the first answer and
// publishes nothing again, another body with the same key is refused, requests racing on
// one key across two instances publish once, keys are per API key and kept 24 hours.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { sql } from "../../server/db/index.ts";
import { pruneIdempotencyKeys } from "../../server/storm/idempotency.ts";
import { apiClient, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  await createUsers("ida", "ike");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

const body = (title: string, recipients = ["ida"]) => ({ recipients, type: "invoice.paid", title });
const publishWith = (key: string, payload: unknown, via = api) => via.request("POST", "/api/v1/notifications", payload, { "idempotency-key": key });
const count = async (title: string) =>
  Number((await sql().query<{ n: string }>("SELECT count(*) AS n FROM notifications WHERE title = $1", [title])).rows[0].n);

it("answers a retry with the first response and stores nothing new", async () => {
  const key = `"${randomUUID()}"`; // the draft's Structured Field String form
  const first = await publishWith(key, body("Invoice 1 paid"));
  expect(first.status).toBe(202);
  expect(first.body.notifications).toEqual([{ id: expect.any(String), userId: "ida" }]);
  const retry = await publishWith(key, body("Invoice 1 paid"));
  expect(retry).toEqual(first);
  // The same key unquoted is the same key.
  expect(await publishWith(key.slice(1, -1), body("Invoice 1 paid"))).toEqual(first);
  expect(await count("Invoice 1 paid")).toBe(1);
  // Without a key, the same body publishes again.
  expect((await api.request("POST", "/api/v1/notifications", body("Invoice 1 paid"))).status).toBe(202);
  expect(await count("Invoice 1 paid")).toBe(2);
});

it("refuses the same key with a different body (422), and a key of another API key is another key", async () => {
  const key = randomUUID();
  expect((await publishWith(key, body("Invoice 2 paid"))).status).toBe(202);
  const other = await publishWith(key, body("Invoice 2 refunded"));
  expect(other.status).toBe(422);
  expect(other.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "headers.Idempotency-Key" }] });
  expect(await count("Invoice 2 refunded")).toBe(0);

  const secondService = await apiClient(a.url);
  expect((await publishWith(key, body("Invoice 2 paid"), secondService)).status).toBe(202);
  expect(await count("Invoice 2 paid")).toBe(2);
});

it("publishes once when 10 requests with one key race on two instances", async () => {
  const key = randomUUID();
  const apiB: Api = { ...api, request: (m, p, bd, h) => fetchOn(b.url, m, p, bd, h) };
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => publishWith(key, body("Invoice 3 paid", ["ida", "ike"]), i % 2 ? apiB : api)));
  const accepted = answers.filter((r) => r.status === 202);
  expect(accepted.length).toBeGreaterThanOrEqual(1);
  // The others were told the first is still running.
  for (const r of answers.filter((x) => x.status !== 202)) expect(r).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  expect(new Set(accepted.map((r) => JSON.stringify(r.body))).size).toBe(1);
  expect(await count("Invoice 3 paid")).toBe(2); // one per recipient
  // After they finished, a retry gets the stored answer.
  expect((await publishWith(key, body("Invoice 3 paid", ["ida", "ike"]), apiB)).body).toEqual(accepted[0].body);

  async function fetchOn(url: string, method: string, path: string, payload: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${api.key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(payload),
    });
    return { status: res.status, body: await res.json() };
  }
});

it("refuses keys over 255 characters, empty or with control characters, before publishing", async () => {
  for (const key of ["k".repeat(256), '""']) {
    const res = await publishWith(key, body("Invoice 4 paid"));
    expect(res.status, key).toBe(422);
    expect(res.body.error.details[0].path).toBe("headers.Idempotency-Key");
  }
  expect((await publishWith("k".repeat(255), body("Invoice 4 paid"))).status).toBe(202);
  expect(await count("Invoice 4 paid")).toBe(1);
});

it("forgets a key after 24 hours: the same key then publishes again, and the sweep removes it", async () => {
  const key = randomUUID();
  expect((await publishWith(key, body("Invoice 5 paid"))).status).toBe(202);
  await sql().query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
  const again = await publishWith(key, body("Invoice 5 paid"));
  expect(again.status).toBe(202);
  expect(await count("Invoice 5 paid")).toBe(2);
  // The second use was recorded afresh; an expired one is swept.
  await sql().query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
  expect(await pruneIdempotencyKeys()).toBeGreaterThanOrEqual(1);
  expect((await sql().query("SELECT 1 FROM idempotency_keys WHERE key = $1", [key])).rowCount).toBe(0);
});

it("leaves no key behind when the publish fails (unknown recipient), so a corrected retry works", async () => {
  const key = randomUUID();
  const bad = await publishWith(key, body("Invoice 6 paid", ["nobody-here"]));
  expect(bad.status).toBe(422);
  expect((await sql().query("SELECT 1 FROM idempotency_keys WHERE key = $1", [key])).rowCount).toBe(0);
  expect((await publishWith(key, body("Invoice 6 paid"))).status).toBe(202);
});

it("counts a request against the person's rate limit once, however many retries raced with it", async () => {
  // Its own instance, with a small limit: 5 individual notifications a minute per person.
  const limited = await startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), RATE_LIMIT_PER_MINUTE: "5" });
  try {
    const via = await apiClient(limited.url);
    await createUsers("iris");
    const key = randomUUID();
    const burst = await Promise.all(Array.from({ length: 20 }, () => publishWith(key, body("Invoice 9 paid", ["iris"]), via)));
    expect(burst.some((r) => r.status === 202)).toBe(true);
    for (const r of burst) expect([202, 409]).toContain(r.status);
    expect(await count("Invoice 9 paid")).toBe(1);
    // One counted: four more reach iris individually, and the one after those is folded into her digest.
    const after: { status: number; body: { notifications: { partId?: string }[] } }[] = [];
    for (let i = 0; i < 5; i++) after.push(await via.request("POST", "/api/v1/notifications", body(`Reminder ${i}`, ["iris"])));
    expect(after.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(after.map((r) => r.body.notifications[0].partId !== undefined)).toEqual([false, false, false, false, true]);
  } finally {
    await limited.stop();
  }
});

it("compares bodies as canonical JSON: the same body with its keys in another order, at any depth, is the same request", async () => {
  const key = randomUUID();
  const data = { amount: 5, meta: { id: 7, name: "x", lines: [{ sku: "a", qty: 1 }, { sku: "b", qty: 2 }] } };
  const first = await publishWith(key, { ...body("Invoice 10 paid"), body: "Thanks", actionUrl: "/invoices/10", data });
  expect(first.status).toBe(202);
  const reordered = await publishWith(key, {
    actionUrl: "/invoices/10",
    data: { meta: { lines: [{ qty: 1, sku: "a" }, { qty: 2, sku: "b" }], name: "x", id: 7 }, amount: 5 },
    body: "Thanks",
    title: "Invoice 10 paid",
    type: "invoice.paid",
    recipients: ["ida"],
  });
  expect(reordered).toEqual(first);
  expect(await count("Invoice 10 paid")).toBe(1);
  // Another value is another body, and so is another order of an array.
  const changed = (meta: object) => publishWith(key, { ...body("Invoice 10 paid"), body: "Thanks", actionUrl: "/invoices/10", data: { ...data, meta: { ...data.meta, ...meta } } });
  expect((await changed({ name: "y" })).status).toBe(422);
  expect((await changed({ lines: [...data.meta.lines].reverse() })).status).toBe(422);
});

it("counts a publish that fails (422, unknown recipient) against nobody's rate limit", async () => {
  const limited = await startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), RATE_LIMIT_PER_MINUTE: "5" });
  try {
    const via = await apiClient(limited.url);
    await createUsers("ivy");
    // Six refused publishes that name ivy and someone unknown: with a key, and without.
    for (let i = 0; i < 3; i++) expect((await publishWith(randomUUID(), body("Invoice 11 paid", ["ivy", "nobody-there"]), via)).status).toBe(422);
    for (let i = 0; i < 3; i++) expect((await via.request("POST", "/api/v1/notifications", body("Invoice 11 paid", ["ivy", "nobody-else"]))).status).toBe(422);
    expect(await count("Invoice 11 paid")).toBe(0);
    // None of them used up ivy's share: five reach her individually, the sixth is folded.
    const after: { partId?: string }[] = [];
    for (let i = 0; i < 6; i++) after.push((await via.request("POST", "/api/v1/notifications", body(`Receipt ${i}`, ["ivy"]))).body.notifications[0]);
    expect(after.map((n) => n.partId !== undefined)).toEqual([false, false, false, false, false, true]);
  } finally {
    await limited.stop();
  }
});
