// Every admin route and page refuses anyone but an admin signed in to the console: an
// anonymous visitor gets 401 (API) or the sign-in redirect (pages), a signed-in non-admin
// 403, with session cookie and user token alike, and never admin data; an admin's user token
// (which any service API key can mint) gets 403 too. The lists walked are the ones the server
// and the console use (every /api/v1 route the server serves, ADMIN_PAGES), the page list is
// checked against the page files, and the console may have no route handler or server action
// of its own, so a new route or page cannot be forgotten here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { ADMIN_NEEDS_SESSION } from "../../server/http/caller.ts";
import { apiRoutes } from "../../server/http/routes/index.ts";
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
let adminToken: string;

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
  // Any service key may mint a user token for anyone, an admin included.
  adminToken = (await userApi(server.url, api, "ada")).token;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const DUMMY_ID = "00000000-0000-4000-8000-000000000000";
const concrete = (path: string) => path.replace(/:[a-zA-Z]+|\[[a-zA-Z]+\]/g, DUMMY_ID);

const isAdminPath = (path: string) => path === "/api/v1/admin" || path.startsWith("/api/v1/admin/");
const adminRoutes = apiRoutes.filter((r) => isAdminPath(r.path));

describe("admin API routes", () => {
  it("every route the server serves under /api/v1/admin is for admins only, and only those are", () => {
    expect(apiRoutes.length).toBeGreaterThan(adminRoutes.length);
    expect(adminRoutes.length).toBeGreaterThanOrEqual(18);
    for (const r of apiRoutes) {
      expect(r.path.startsWith("/api/v1/"), r.path).toBe(true);
      expect(r.auth === "admin", `${r.method} ${r.path} (auth: ${r.auth})`).toBe(isAdminPath(r.path));
    }
  });

  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: 403 for an admin's user token minted with a service key", async (_name, r) => {
    const path = concrete(r.path);
    const body = r.method === "GET" || r.method === "DELETE" ? undefined : {};
    const refused = await rawRequest(server.url, r.method, path, { body, headers: { authorization: `Bearer ${adminToken}` } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: expect.objectContaining({ code: "forbidden", message: ADMIN_NEEDS_SESSION }) });
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
  it("has no route handler or server action of its own: the console's only entry points are its pages and the admin API", () => {
    const found: string[] = [];
    for (const dir of ["app/(app)/admin", "components/admin"]) {
      const root = join(process.cwd(), dir);
      for (const f of readdirSync(root, { recursive: true, encoding: "utf8" })) {
        const file = join(dir, f);
        if (!/\.(t|j)sx?$/.test(f)) continue;
        if (/(^|[\\/])route\.(t|j)sx?$/.test(f)) found.push(`${file}: a route handler`);
        if (/^\s*["']use server["']/m.test(readFileSync(join(process.cwd(), file), "utf8"))) found.push(`${file}: "use server"`);
      }
    }
    expect(found).toEqual([]);
  });

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
