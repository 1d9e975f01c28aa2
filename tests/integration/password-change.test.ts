// POST /api/v1/me/password: a signed-in person changes their own password. The current one
// must be right, and wrong guesses count against the sign-in throttle; the new one ends
// every session the person had (this one too), on every instance, and closes their sockets.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "../../server/auth/password.ts";
import { db } from "../../server/db/index.ts";
import { apiClient, connectSocket, type TestSocket } from "../support/clients.ts";
import { signInOverHttp } from "../support/browser-session.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson, type TestPerson } from "../support/people.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, rawRequest, userApi } from "../support/user-api.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;

const WINDOW_SECONDS = 60;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: inject("redisUrl"),
    SIGNIN_MAX_FAILURES: "3",
    SIGNIN_MAX_FAILURES_PER_IP: "100",
    SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
  };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

async function signedIn(server: HeraldProcess, person: { email: string; password: string }): Promise<string> {
  const answer = await signInOverHttp(server.url, person.email, person.password);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.cookie!;
}

const change = (server: HeraldProcess, cookie: string, body: unknown) =>
  rawRequest(server.url, "POST", "/api/v1/me/password", { body, headers: { cookie } });

const cookieWorks = async (server: HeraldProcess, cookie: string) => (await rawRequest(server.url, "GET", ME, { headers: { cookie } })).status === 200;

function ended(socket: TestSocket): Promise<{ reason: string; disconnected: string }> {
  return new Promise((resolve) => {
    let reason = "";
    socket.on("session:ended", (payload) => (reason = payload.reason));
    socket.on("disconnect", (why) => resolve({ reason, disconnected: why }));
  });
}

const failuresOf = (person: TestPerson) => db().signInFailure.count({ where: { email: person.email.toLowerCase() } });

describe("with the right current password", () => {
  it("sets the new one and ends every session of the person, this one included, on every instance", async () => {
    const person = await createPerson("nina");
    const [here, elsewhere] = [await signedIn(a, person), await signedIn(b, person)];
    const sockets = [await connectSocket(a.url, { cookie: here }), await connectSocket(b.url, { cookie: elsewhere })];
    const endings = sockets.map(ended);

    const res = await change(a, here, { currentPassword: person.password, newPassword: "a-brand-new-password" });
    expect(res).toEqual({ status: 200, body: { sessionsEnded: 2 } });
    // The right current password gave its throttle slot back.
    expect(await failuresOf(person)).toBe(0);
    for (const end of await Promise.all(endings)) expect(end).toEqual({ reason: "session_revoked", disconnected: "io server disconnect" });
    expect(await cookieWorks(b, here)).toBe(false);
    expect(await cookieWorks(a, elsewhere)).toBe(false);
    expect((await signInOverHttp(a.url, person.email, person.password)).status).toBe(401);
    expect((await signInOverHttp(b.url, person.email, "a-brand-new-password")).status).toBe(200);
  });
});

describe("with a wrong current password", () => {
  it("is a 422 that changes nothing and counts as a failed sign-in, until the throttle refuses with 429", async () => {
    const person = await createPerson("omar");
    const cookie = await signedIn(a, person);
    for (let i = 0; i < 3; i++) {
      const res = await change(a, cookie, { currentPassword: `wrong-${i}`, newPassword: "a-brand-new-password" });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "currentPassword", message: "is not your current password" }] });
    }
    expect(await failuresOf(person)).toBe(3);
    // Now even the right one is refused, here and at the sign-in form.
    const res = await fetch(`${b.url}/api/v1/me/password`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: person.password, newPassword: "a-brand-new-password" }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited", details: { retryAfterSeconds: retryAfter } } });
    expect((await signInOverHttp(a.url, person.email, person.password)).status).toBe(429);
    // Nothing changed: the session still works and the old password is still the password.
    expect(await cookieWorks(a, cookie)).toBe(true);
    const user = await db().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword(person.password, user.passwordHash!)).toBe(true);
  });
});

describe("refusals that take no throttle slot", () => {
  it("refuses a user token (403), a short new password and an unknown field (422), without a cookie (401)", async () => {
    const person = await createPerson("pete");
    const cookie = await signedIn(a, person);
    const token = await userApi(a.url, await apiClient(a.url), person.id);
    const body = { currentPassword: person.password, newPassword: "a-brand-new-password" };
    expect((await token.request("POST", "/api/v1/me/password", body)).status).toBe(403);
    expect((await change(a, cookie, { ...body, newPassword: "short" })).body.error).toMatchObject({ code: "validation_failed" });
    expect((await change(a, cookie, { ...body, extra: 1 })).status).toBe(422);
    expect((await rawRequest(a.url, "POST", "/api/v1/me/password", { body })).status).toBe(401);
    expect(await failuresOf(person)).toBe(0);
    expect(await cookieWorks(a, cookie)).toBe(true);
  });
});
