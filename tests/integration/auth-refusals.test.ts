// Every way in that must be refused is refused, with a clear reason.
import { SignJWT, UnsecuredJWT } from "jose";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey, revokeApiKey } from "../../server/auth/api-keys.ts";
import { db } from "../../server/db/index.ts";
import { apiClient, connectSocket, createUsers, refusedConnection, type Api } from "../support/clients.ts";
import { startHerald, TEST_AUTH_SECRET, TEST_ORIGIN, TEST_TOKEN_SECRET, type HeraldProcess } from "../support/herald-process.ts";
import { sessionCookie } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;

const sign = (secret: string, claims: { exp?: number | null } = {}) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("erin").setIssuer("herald").setAudience("herald:user").setIssuedAt();
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60);
  return jwt.sign(new TextEncoder().encode(secret));
};

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("erin");
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("socket handshake", () => {
  it("accepts a valid token minted by the API", async () => {
    const { body } = await api.request("POST", "/api/v1/users/erin/token");
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const socket = await connectSocket(server.url, { token: body.token });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it("refuses a connection without a token", async () => {
    const error = await refusedConnection(server.url, {});
    expect(error.message).toBe("Authentication required: pass a user token or sign in");
    expect(error.data?.code).toBe("unauthorized");
  });

  it("refuses an expired token", async () => {
    const token = await sign(TEST_TOKEN_SECRET, { exp: Math.floor(Date.now() / 1000) - 10 });
    const error = await refusedConnection(server.url, { token });
    expect(error.message).toBe("Token expired");
    expect(error.data?.code).toBe("token_expired");
  });

  it("refuses a well-signed token without exp, on the socket and on the API", async () => {
    const token = await sign(TEST_TOKEN_SECRET, { exp: null });
    const error = await refusedConnection(server.url, { token });
    expect(error.message).toBe("Invalid token: the exp claim is required");
    expect(error.data?.code).toBe("unauthorized");
    const res = await fetch(`${server.url}/api/v1/me/notifications`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    // The same token with exp is accepted: the refusal is about exp alone.
    const socket = await connectSocket(server.url, { token: await sign(TEST_TOKEN_SECRET) });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it("refuses a token signed with another key", async () => {
    const error = await refusedConnection(server.url, { token: await sign("another-secret-that-is-long-enough-000000") });
    expect(error.message).toBe("Invalid token");
  });

  it("refuses an unsigned token (alg: none)", async () => {
    const token = new UnsecuredJWT({}).setSubject("erin").setIssuer("herald").setAudience("herald:user").setExpirationTime("1m").encode();
    const error = await refusedConnection(server.url, { token });
    expect(error.message).toBe("Invalid token");
  });

  it("refuses a foreign Origin even with a valid token", async () => {
    const { body } = await api.request("POST", "/api/v1/users/erin/token");
    const error = await refusedConnection(server.url, { token: body.token, origin: "http://evil.test" });
    expect(error.message).toBe("Origin http://evil.test is not allowed");
    expect(error.data?.code).toBe("origin_not_allowed");
  });

  it("accepts the browser's session cookie and refuses a forged one", async () => {
    const { cookie } = await sessionCookie("erin");
    const socket = await connectSocket(server.url, { cookie });
    expect(socket.connected).toBe(true);
    socket.close();
    const { sessionId } = await sessionCookie("erin");
    const forged = await encode({ token: { sub: "erin", sid: sessionId }, secret: "not-the-server-secret-000000000000000" });
    const error = await refusedConnection(server.url, { cookie: `next-auth.session-token=${forged}` });
    expect(error.message).toBe("Invalid or expired session");
    // A well-signed cookie that names no session (made before sessions existed, or forged by
    // someone holding the secret but not the database) is refused too.
    const sessionless = await encode({ token: { sub: "erin" }, secret: TEST_AUTH_SECRET });
    const refused = await refusedConnection(server.url, { cookie: `next-auth.session-token=${sessionless}` });
    expect(refused.message).toBe("Invalid or expired session");
  });
});

describe("service API keys", () => {
  const publish = { recipients: ["erin"], type: "t", title: "x" };

  it("answers 401 without a key, and stores nothing", async () => {
    const before = await db().notification.count();
    const res = await fetch(`${server.url}/api/v1/notifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(publish),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/Missing API key/) } });
    expect(await db().notification.count()).toBe(before);
  });

  it("answers 401 for a revoked key", async () => {
    const key = await createApiKey("to revoke");
    const before = await db().notification.count();
    const call = () =>
      fetch(`${server.url}/api/v1/notifications`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key.secret}` },
        body: JSON.stringify(publish),
      });
    const listTypes = () => fetch(`${server.url}/api/v1/types`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect((await call()).status).toBe(202);
    expect((await listTypes()).status).toBe(200);
    await revokeApiKey(key.id);
    // The revocation reaches the server as a PostgreSQL NOTIFY after the commit: wait for it
    // on a route that writes nothing, then the publish itself must be refused.
    await vi.waitFor(async () => expect((await listTypes()).status).toBe(401), { timeout: 1000, interval: 20 });
    const res = await call();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
    expect(await db().notification.count()).toBe(before + 1);
  });

  it("refuses a user token where an API key is required", async () => {
    const { body } = await api.request("POST", "/api/v1/users/erin/token");
    const res = await fetch(`${server.url}/api/v1/users/erin/token`, { method: "POST", headers: { authorization: `Bearer ${body.token}` } });
    expect(res.status).toBe(401);
  });
});

describe("cross-origin browser calls", () => {
  it("lets an allowed origin call the user API with a token, and no other origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/me/notifications`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    const allowed = await preflight(TEST_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const foreign = await preflight("http://evil.test");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a cookie-authenticated change from a foreign origin", async () => {
    const { cookie } = await sessionCookie("erin");
    const res = await fetch(`${server.url}/api/v1/me/notifications/read`, {
      method: "POST",
      headers: { cookie, origin: "http://evil.test", "content-type": "application/json" },
      body: JSON.stringify({ all: true }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });
});
