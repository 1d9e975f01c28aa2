// The feed (GET /api/v1/me/notifications) walked page by page while new notifications
// keep arriving: whatever was there when the walk began comes back exactly once, newest
// first, and nothing published during the walk slips into a page below the first.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, publish, publishMany, storedRows, userApi, type StoredRow, type UserApi } from "../support/user-api.ts";
import type { NotificationDto } from "../../lib/events.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;

const NEIGHBOUR = "neighbour";

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers(NEIGHBOUR);
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

type Page = { items: NotificationDto[]; nextCursor: string | null };

function feedPath(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
  const q = query.toString();
  return q ? `${ME}?${q}` : ME;
}

async function getPage(client: UserApi, params: Record<string, string | number | undefined>): Promise<Page> {
  const res = await client.request("GET", feedPath(params));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(["items", "nextCursor"]);
  return res.body;
}

const TYPES = ["alpha", "beta"] as const;

// Sizes are drawn from the whole range ("max") and page sizes lean small, so most runs
// walk several pages rather than one.
const scenario = fc.record({
  // The inbox before the walk: oldest first, each with its type and whether it is read.
  initial: fc.array(fc.record({ type: fc.constantFrom(...TYPES), read: fc.boolean() }), { maxLength: 24, size: "max" }),
  limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 15 })),
  status: fc.constantFrom("all" as const, "unread" as const),
  type: fc.option(fc.constantFrom(...TYPES), { nil: undefined, freq: 2 }),
  // What is published before page 2, 3, ... (used in turn, cycling): 0-3 notifications.
  between: fc.array(fc.array(fc.constantFrom(...TYPES), { maxLength: 3, size: "max" }), { minLength: 1, maxLength: 12 }),
  // Publish while the page request is in flight rather than before it.
  concurrent: fc.boolean(),
  // Also publish the same notifications to another user.
  withNeighbour: fc.boolean(),
});

let walkers = 0;

describe("walking the feed while notifications arrive", () => {
  it("returns every notification that existed at the start exactly once, newest first", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const userId = `walker-${++walkers}`;
        await createUsers(userId);
        const client = await userApi(server.url, api, userId);

        const ids: string[] = [];
        for (const n of s.initial) {
          const recipients = s.withNeighbour ? [userId, NEIGHBOUR] : [userId];
          ids.push((await publish(api, recipients, { type: n.type }))[userId]);
        }
        // Read state changes only before the walk: marking during it changes membership.
        const toRead = ids.filter((_, i) => s.initial[i].read);
        if (toRead.length > 0) {
          const res = await client.request("POST", `${ME}/read`, { ids: toRead });
          expect(res.status).toBe(200);
          expect([...res.body.updated].sort()).toEqual([...toRead].sort());
        }

        const atStart = await storedRows(userId);
        const startSeq = atStart.length > 0 ? atStart[0].seq : 0;
        const expected = atStart.filter((r) => (s.status === "all" || r.readAt === null) && (s.type === undefined || r.type === s.type));
        const byId = new Map<string, StoredRow>(atStart.map((r) => [r.id, r]));

        const seen: NotificationDto[] = [];
        let cursor: string | undefined;
        let pages = 0;
        for (;;) {
          const params = { limit: s.limit, status: s.status, type: s.type, cursor };
          let page: Page;
          if (pages === 0) {
            page = await getPage(client, params);
          } else {
            const types = s.between[(pages - 1) % s.between.length];
            const publishAll = async () => {
              for (const type of types) await publish(api, s.withNeighbour ? [NEIGHBOUR, userId] : [userId], { type });
            };
            if (s.concurrent) {
              [page] = await Promise.all([getPage(client, params), publishAll()]);
            } else {
              await publishAll();
              page = await getPage(client, params);
            }
          }
          pages++;

          expect(page.items.length).toBeLessThanOrEqual(s.limit);
          if (page.nextCursor !== null) {
            expect(typeof page.nextCursor).toBe("string");
            expect(page.items).toHaveLength(s.limit);
          }
          for (const item of page.items) {
            expect(item.userId).toBe(userId);
            // Nothing published after the walk began shows up in any page.
            expect(item.seq).toBeLessThanOrEqual(startSeq);
            const row = byId.get(item.id);
            expect(row, `unknown item ${item.id} (seq ${item.seq})`).toBeDefined();
            expect(item.seq).toBe(row!.seq);
            expect(item.type).toBe(row!.type);
            expect(item.readAt).toBe(row!.readAt);
            if (s.status === "unread") expect(item.readAt).toBeNull();
            if (s.type !== undefined) expect(item.type).toBe(s.type);
          }
          seen.push(...page.items);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
          expect(pages, "the walk does not end").toBeLessThanOrEqual(expected.length + 1);
        }

        // Strictly decreasing positions across all pages, hence no duplicates.
        const seqs = seen.map((n) => n.seq);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeLessThan(seqs[i - 1]);
        expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
        // Exactly the items that matched at the start, each once, in feed order.
        expect(seen.map((n) => n.id)).toEqual(expected.map((r) => r.id));
        // No empty page before the end, and no page more than needed.
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / s.limit)));
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 120_000);
});

describe("feed query validation", () => {
  let client: UserApi;

  beforeAll(async () => {
    await createUsers("quinn");
    client = await userApi(server.url, api, "quinn");
    await publishMany(api, "quinn", 3, "alpha");
    await publishMany(api, "quinn", 2, "beta");
    await publishMany(api, "quinn", 2, "alpha");
    await publishMany(api, "quinn", 3, "gamma");
  });

  const expectValidationError = (res: { status: number; body: any }, path: string) => {
    expect(res.status).toBe(422);
    expect(Object.keys(res.body)).toEqual(["error"]);
    expect(res.body.error.code).toBe("validation_failed");
    expect(typeof res.body.error.message).toBe("string");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  };

  it.each([
    ["a word", "nope"],
    ["base64 of garbage", Buffer.from("garbage\u0000\u00ff!").toString("base64url")],
    ["base64 of a negative position", Buffer.from("s-1").toString("base64url")],
    ["base64 of a position too large", Buffer.from(`s${"9".repeat(19)}`).toString("base64url")],
    ["a bare number", "5"],
    ["over 100 characters", "A".repeat(101)],
  ])("refuses a cursor that is %s", async (_name, cursor) => {
    expectValidationError(await client.request("GET", feedPath({ cursor })), "cursor");
  });

  it.each([["0"], ["101"], ["abc"], ["1.5"], ["-3"], [""]])("refuses limit=%j", async (limit) => {
    expectValidationError(await client.request("GET", feedPath({ limit })), "limit");
  });

  it("accepts the limits at both ends", async () => {
    expect((await getPage(client, { limit: 1 })).items).toHaveLength(1);
    expect((await getPage(client, { limit: 100 })).items).toHaveLength((await storedRows("quinn")).length);
  });

  it("defaults to 20 items", async () => {
    await createUsers("rory");
    const rory = await userApi(server.url, api, "rory");
    await publishMany(api, "rory", 23, "gamma");
    const page = await getPage(rory, {});
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    const rest = await getPage(rory, { cursor: page.nextCursor! });
    expect(rest.items).toHaveLength(3);
    expect(rest.nextCursor).toBeNull();
  });

  it("refuses a status other than all or unread", async () => {
    expectValidationError(await client.request("GET", feedPath({ status: "read" })), "status");
  });

  it("refuses an empty type", async () => {
    expectValidationError(await client.request("GET", feedPath({ type: "" })), "type");
  });

  it("refuses an unknown query parameter", async () => {
    const res = await client.request("GET", feedPath({ limit: 5, sort: "asc" }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(JSON.stringify(res.body.error.details)).toContain("sort");
  });

  it("returns only the requested type, newest first, and all of it", async () => {
    const stored = await storedRows("quinn");
    for (const type of ["alpha", "beta", "gamma"]) {
      const seen: NotificationDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await getPage(client, { type, limit: 2, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.every((n) => n.type === type)).toBe(true);
      expect(seen.map((n) => n.id)).toEqual(stored.filter((r) => r.type === type).map((r) => r.id));
    }
  });

  it("combines the type filter with status=unread", async () => {
    const alphas = (await storedRows("quinn")).filter((r) => r.type === "alpha");
    const read = await client.request("POST", `${ME}/read`, { ids: [alphas[0].id, alphas[2].id] });
    expect(read.status).toBe(200);
    const page = await getPage(client, { type: "alpha", status: "unread", limit: 100 });
    expect(page.items.map((n) => n.id)).toEqual(alphas.filter((_, i) => i !== 0 && i !== 2).map((r) => r.id));
    expect(page.nextCursor).toBeNull();
  });

  it("answers an empty page for a type nobody published", async () => {
    expect(await getPage(client, { type: "never.published" })).toEqual({ items: [], nextCursor: null });
  });
});
