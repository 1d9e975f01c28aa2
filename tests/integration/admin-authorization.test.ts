// Every admin route and page refuses anyone but an admin: an anonymous visitor gets 401 (API)
// or the sign-in redirect (pages), a signed-in non-admin 403, with session cookie and user
// token alike, and never admin data. The lists walked are the ones the server and the
// console use (adminRoutes, ADMIN_PAGES), and the page list is checked against the page
// files, so a new route or page cannot be forgotten here.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { adminRoutes } from "../../server/http/routes/admin.ts";
import { ADMIN_PAGES } from "../../lib/admin-pages.ts";
import { apiClient, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createPerson } from "../support/people.ts";
import { sessionCookie } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest, userApi } from "../support/user-api.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;
let userCookie: string;
let userToken: string;
let adminCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") });
  api = await apiClient(server.url);
  await createPerson("pat");
  await createPerson("ada");
  await db().user.update({ where: { id: "ada" }, data: { role: "admin" } });
  userCookie = (await sessionCookie("pat")).cookie;
  userToken = (await userApi(server.url, api, "pat")).token;
  adminCookie = (await sessionCookie("ada")).cookie;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const DUMMY_ID = "00000000-0000-4000-8000-000000000000";
const concrete = (path: string) => path.replace(/:[a-zA-Z]+|\[[a-zA-Z]+\]/g, DUMMY_ID);

describe("admin API routes", () => {
  it("lists a good number of routes, all under /api/v1/admin/ and all for admins only", () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(18);
    for (const r of adminRoutes) {
      expect(r.path.startsWith("/api/v1/admin/"), r.path).toBe(true);
      expect(r.auth, r.path).toBe("admin");
    }
  });

  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: 401 anonymous, 403 for a non-admin (cookie and token)", async (_name, r) => {
    const path = concrete(r.path);
    const body = r.method === "GET" || r.method === "DELETE" ? undefined : {};
    const anonymous = await rawRequest(server.url, r.method, path, { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
    const callers: Record<string, string>[] = [{ cookie: userCookie }, { authorization: `Bearer ${userToken}` }];
    for (const headers of callers) {
      const refused = await rawRequest(server.url, r.method, path, { body, headers });
      expect(refused.status).toBe(403);
      expect(Object.keys(refused.body)).toEqual(["error"]);
      expect(refused.body.error.code).toBe("forbidden");
    }
    // The same request from an admin reaches the handler: anything but 401/403.
    const allowed = await rawRequest(server.url, r.method, path, { body, headers: { cookie: adminCookie } });
    expect([401, 403]).not.toContain(allowed.status);
  });

  it("refuses a service API key too", async () => {
    const res = await api.request("GET", "/api/v1/admin/overview");
    expect(res.status).toBe(401);
  });
});

describe("admin pages", () => {
  it("lists every page file under app/(app)/admin", () => {
    const root = join(process.cwd(), "app/(app)/admin");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("page.tsx"));
    const onDisk = files.map((f) => `/admin/${relative(".", f).replace(/\\/g, "/").replace(/\/?page\.tsx$/, "")}`.replace(/\/$/, "")).sort();
    expect(onDisk).toEqual(ADMIN_PAGES.map((p) => p.path).sort());
  });

  it.each(ADMIN_PAGES.map((p) => [p.path] as const))("%s: sign-in redirect anonymous, 403 for a non-admin, 200 for an admin", async (pagePath) => {
    const path = concrete(pagePath);
    const anonymous = await fetch(server.url + path, { redirect: "manual" });
    expect([303, 307]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/\/signin$/);
    const refused = await fetch(server.url + path, { headers: { cookie: userCookie }, redirect: "manual" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('data-admin-console="true"');
    const admin = await fetch(server.url + path, { headers: { cookie: adminCookie }, redirect: "manual" });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('data-admin-console="true"');
  });
});
