// Sign-in throttling: after SIGNIN_MAX_FAILURES failures for one account, or
// SIGNIN_MAX_FAILURES_PER_IP from one client IP, within the window, every attempt gets 429
// with Retry-After (the right password too) until the window passes. Short windows here.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../server/db/index.ts";
import { signInOverHttp, type SignInAnswer } from "../support/browser-session.ts";
import { eventually } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson } from "../support/people.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let behindProxy: HeraldProcess;
let direct: HeraldProcess;

// Long enough that the failures of one test (each a real scrypt check) fit inside it, even
// on a machine busy with the rest of the suite (8 s was not, once).
const WINDOW_SECONDS = 15;
const limits = { SIGNIN_MAX_FAILURES: "3", SIGNIN_MAX_FAILURES_PER_IP: "4", SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS) };

beforeAll(async () => {
  database = await createTestDatabase();
  [behindProxy, direct] = await Promise.all([
    // Each test gets its own client IP through X-Forwarded-For, which only this one trusts.
    startHerald({ DATABASE_URL: database.url, TRUST_PROXY: "true", ...limits }),
    startHerald({ DATABASE_URL: database.url, ...limits }),
  ]);
});

afterAll(async () => {
  await Promise.all([behindProxy?.stop(), direct?.stop()]);
  await database?.drop();
});

const from = (ip: string) => ({ "x-forwarded-for": ip });

function expectThrottled(answer: SignInAnswer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(429);
  const retryAfter = Number(answer.retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(answer.body.error).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: retryAfter } });
  expect(answer.cookie).toBeNull();
}

/** Polls with the right password until it is let in (each refused attempt adds no failure). */
async function signInWhenAllowed(server: HeraldProcess, email: string, password: string, ip: string): Promise<SignInAnswer> {
  return eventually(async () => {
    const answer = await signInOverHttp(server.url, email, password, from(ip));
    return answer.status !== 429 && answer;
  }, (WINDOW_SECONDS + 5) * 1000, 200);
}

describe("per account", () => {
  it("refuses even the right password once the account has had too many failures, until the window passes", async () => {
    const person = await createPerson("sam");
    for (let i = 0; i < 3; i++) {
      expect((await signInOverHttp(behindProxy.url, person.email, "wrong", from(`198.51.100.${i}`))).status).toBe(401);
    }
    // A fresh IP does not help: the account is what is throttled.
    const started = Date.now();
    expectThrottled(await signInOverHttp(behindProxy.url, person.email, person.password, from("198.51.100.99")));
    // Another instance agrees (the count is in PostgreSQL).
    expectThrottled(await signInOverHttp(direct.url, person.email.toUpperCase(), person.password));

    const later = await signInWhenAllowed(behindProxy, person.email, person.password, "198.51.100.99");
    expect(later.status).toBe(200);
    expect(later.cookie).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it("lets an account with fewer failures than the limit in, and forgives them on success", async () => {
    const person = await createPerson("tao");
    for (let i = 0; i < 2; i++) expect((await signInOverHttp(behindProxy.url, person.email, "wrong", from("198.51.101.1"))).status).toBe(401);
    expect((await signInOverHttp(behindProxy.url, person.email, person.password, from("198.51.101.1"))).status).toBe(200);
    // The two earlier failures no longer count: two more are still allowed.
    for (let i = 0; i < 2; i++) expect((await signInOverHttp(behindProxy.url, person.email, "wrong", from("198.51.101.2"))).status).toBe(401);
    expect((await signInOverHttp(behindProxy.url, person.email, person.password, from("198.51.101.2"))).status).toBe(200);
  });
});

describe("a burst of attempts at once", () => {
  it("checks at most the limit's worth of passwords, and the right one sent amid the burst is refused with 429", async () => {
    const person = await createPerson("wes");
    const failures = () => db().signInFailure.count({ where: { email: person.email.toLowerCase() } });
    // 30 wrong guesses at the same moment, each from its own IP: only the account limit applies.
    const burst = Promise.all(
      Array.from({ length: 30 }, (_, i) => signInOverHttp(behindProxy.url, person.email, `wrong-${i}`, from(`198.51.102.${i}`))),
    );
    // The right password goes in while the burst is under way, once the limit's slots are
    // taken (each attempt takes its slot before its password is checked).
    await vi.waitFor(async () => expect(await failures()).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 10 });
    const right = await signInOverHttp(behindProxy.url, person.email, person.password, from("198.51.102.99"));
    const answers = await burst;
    expectThrottled(right);
    // A refused guess is a 401 or a 429 alike; what must not happen is a password check past
    // the limit, and each check leaves its failure behind.
    for (const answer of answers) expect([401, 429]).toContain(answer.status);
    expect(answers.every((a) => a.cookie === null)).toBe(true);
    expect(await failures()).toBeLessThanOrEqual(3);
  });
});

describe("per client IP", () => {
  it("refuses every account from an IP that failed too often, while other IPs sign in", async () => {
    const person = await createPerson("uma");
    for (let i = 0; i < 4; i++) {
      expect((await signInOverHttp(behindProxy.url, `nobody-${i}@people.test`, "wrong", from("203.0.113.7"))).status).toBe(401);
    }
    expectThrottled(await signInOverHttp(behindProxy.url, person.email, person.password, from("203.0.113.7")));
    expect((await signInOverHttp(behindProxy.url, person.email, person.password, from("203.0.113.8"))).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set, so a client cannot pick its own IP", async () => {
    const person = await createPerson("vic");
    for (let i = 0; i < 4; i++) {
      const spoofed = from(`192.0.2.${i}`);
      expect((await signInOverHttp(direct.url, `someone-${i}@people.test`, "wrong", spoofed)).status).toBe(401);
    }
    expectThrottled(await signInOverHttp(direct.url, person.email, person.password, from("192.0.2.200")));
  });
});
