// Sessions end for real, on every instance: signing out on A makes the old cookie useless on
// B at once (pages, API and sockets) and closes the socket opened with it; a new password or
// a disabled account ends every session; a user token for a disabled account is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setUserDisabled } from "../../server/users/disable-user.ts";
import { apiClient, connectSocket, refusedConnection, type Api, type TestSocket } from "../support/clients.ts";
import { signInOverHttp, signOutOverHttp } from "../support/browser-session.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson, type TestPerson } from "../support/people.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, rawRequest } from "../support/user-api.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

/** `npm run user:set-password -- <id>` with the password on stdin. */
async function setPasswordWithCommand(userId: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "herald-set-password-"));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/user-set-password.ts", userId], {
      env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { code, stdout, stderr };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function signedIn(server: HeraldProcess, person: TestPerson): Promise<string> {
  const answer = await signInOverHttp(server.url, person.email, person.password);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.cookie).toBeTruthy();
  return answer.cookie!;
}

/** What a page, the API and a socket handshake make of a cookie on one instance. */
async function cookieWorks(server: HeraldProcess, cookie: string): Promise<{ page: boolean; api: boolean; socket: boolean }> {
  const page = await fetch(`${server.url}/notifications`, { headers: { cookie }, redirect: "manual" });
  if (page.status !== 200) expect(page.headers.get("location")).toMatch(/\/signin$/);
  const feed = await rawRequest(server.url, "GET", ME, { headers: { cookie } });
  const socket = await connectSocket(server.url, { cookie }).then(
    (s) => (s.close(), true),
    () => false,
  );
  return { page: page.status === 200, api: feed.status === 200, socket };
}

function ended(socket: TestSocket): Promise<{ reason: string; disconnected: string }> {
  return new Promise((resolve) => {
    let reason = "";
    socket.on("session:ended", (payload) => (reason = payload.reason));
    socket.on("disconnect", (why) => resolve({ reason, disconnected: why }));
  });
}

describe("signing out", () => {
  it("ends the session on every instance at once and closes the sockets opened with it", async () => {
    const person = await createPerson("olga");
    const cookie = await signedIn(a, person);
    const other = await signedIn(b, person); // a second device
    expect(await cookieWorks(b, cookie)).toEqual({ page: true, api: true, socket: true });

    const onB = await connectSocket(b.url, { cookie });
    const otherOnA = await connectSocket(a.url, { cookie: other });
    const endedOnB = ended(onB);

    expect(await signOutOverHttp(a.url, cookie)).toBe(200);
    expect(await endedOnB).toEqual({ reason: "signed_out", disconnected: "io server disconnect" });
    expect(await cookieWorks(b, cookie)).toEqual({ page: false, api: false, socket: false });
    expect(await cookieWorks(a, cookie)).toEqual({ page: false, api: false, socket: false });

    // The other device's session is untouched.
    expect(otherOnA.connected).toBe(true);
    expect(await cookieWorks(b, other)).toEqual({ page: true, api: true, socket: true });
    otherOnA.close();
  });
});

describe("a new password", () => {
  it("ends every session of the person, on every instance", async () => {
    const person = await createPerson("pia");
    const [first, second] = [await signedIn(a, person), await signedIn(b, person)];
    const sockets = [await connectSocket(a.url, { cookie: first }), await connectSocket(b.url, { cookie: second })];
    const endings = sockets.map(ended);

    // Through the product's way to change it: the command reads the password from stdin.
    const set = await setPasswordWithCommand(person.id, "a-brand-new-password\n");
    expect(set).toMatchObject({ code: 0, stdout: `Password set for ${person.id}; their sessions have ended.\n` });
    for (const end of await Promise.all(endings)) expect(end.reason).toBe("session_revoked");
    for (const cookie of [first, second]) expect(await cookieWorks(b, cookie)).toEqual({ page: false, api: false, socket: false });
    expect((await signInOverHttp(a.url, person.email, person.password)).status).toBe(401);
    await signedIn(a, { ...person, password: "a-brand-new-password" });
  });
});

describe("a disabled account", () => {
  it("ends sessions, closes token sockets too, refuses tokens and sign-in until enabled again", async () => {
    const person = await createPerson("quin");
    const cookie = await signedIn(a, person);
    const minted = await api.request("POST", `/api/v1/users/${person.id}/token`);
    expect(minted.status).toBe(201);
    const bySession = await connectSocket(b.url, { cookie });
    const byToken = await connectSocket(a.url, { token: minted.body.token });
    // Both instances have just found the person active with this token: the disable must
    // reach each of them.
    const byTokenOnB = await connectSocket(b.url, { token: minted.body.token });
    expect((await rawRequest(b.url, "GET", ME, { authorization: `Bearer ${minted.body.token}` })).status).toBe(200);
    const endings = [ended(bySession), ended(byToken), ended(byTokenOnB)];

    await setUserDisabled(person.id, true);
    for (const end of await Promise.all(endings)) expect(end).toEqual({ reason: "user_disabled", disconnected: "io server disconnect" });
    expect(await cookieWorks(a, cookie)).toEqual({ page: false, api: false, socket: false });
    for (const server of [a, b]) {
      expect((await refusedConnection(server.url, { token: minted.body.token })).data?.code).toBe("unauthorized");
      expect((await rawRequest(server.url, "GET", ME, { authorization: `Bearer ${minted.body.token}` })).status).toBe(401);
    }
    expect((await api.request("POST", `/api/v1/users/${person.id}/token`)).status).toBe(403);
    expect((await signInOverHttp(b.url, person.email, person.password)).status).toBe(401);

    await setUserDisabled(person.id, false);
    await signedIn(b, person);
    expect((await api.request("POST", `/api/v1/users/${person.id}/token`)).status).toBe(201);
  });
});

it("answers the old cookie with the sign-in page, not an error", async () => {
  const person = await createPerson("rosa");
  const cookie = await signedIn(a, person);
  await signOutOverHttp(b.url, cookie);
  const page = await fetch(`${a.url}/`, { headers: { cookie }, redirect: "manual" });
  expect([303, 307]).toContain(page.status);
  expect(page.headers.get("location")).toMatch(/\/signin$/);
});

describe("npm run user:set-password", () => {
  it("refuses a too-short password and an unknown person, changing nothing", async () => {
    expect(await setPasswordWithCommand("nobody-here", "long-enough-password\n")).toMatchObject({ code: 1, stderr: "Unknown user nobody-here\n" });
    const person = await createPerson("rex");
    expect(await setPasswordWithCommand(person.id, "short\n")).toMatchObject({ code: 1, stderr: expect.stringMatching(/8 to 1024 characters/) });
    expect((await signInOverHttp(a.url, person.email, person.password)).status).toBe(200);
  });
});
