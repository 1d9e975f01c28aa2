// Whether a person is active, as every token handshake asks (server/users/active-users.ts),
// against a real PostgreSQL: the checks of one turn share one query, an active person is
// remembered, a disable heard is forgotten at once (and flagged for checks in flight), and an
// answer read before a disable is never remembered.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sql } from "../../server/db/index.ts";
import { setUserDisabled } from "../../server/users/disable-user.ts";
import { upsertUser } from "../../server/users/upsert-user.ts";
import { disabledSince, forgetActiveUser, isActiveUser } from "../../server/users/active-users.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
const ACTIVE = Array.from({ length: 40 }, (_, i) => `active-user-${i}`);

beforeAll(async () => {
  database = await createTestDatabase();
  for (const id of [...ACTIVE, "disabled-user"]) await upsertUser({ id });
  await setUserDisabled("disabled-user", true);
});

afterAll(async () => {
  forgetActiveUser();
  await database?.drop();
});

/** The `users-active` lookups made while `run` runs. */
async function lookups<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const pool = sql();
  const query = vi.spyOn(pool, "query");
  try {
    const result = await run();
    const queries = query.mock.calls.filter(([config]) => (config as { name?: string }).name === "users-active").length;
    return { result, queries };
  } finally {
    query.mockRestore();
  }
}

it("answers the checks of one turn with one query, then from memory", async () => {
  forgetActiveUser();
  const ids = [...ACTIVE, ACTIVE[0], "disabled-user", "nobody"];
  const first = await lookups(() => Promise.all(ids.map((id) => isActiveUser(id))));
  expect(first.result).toEqual([...ACTIVE.map(() => true), true, false, false]);
  expect(first.queries).toBe(1);

  const again = await lookups(() => Promise.all(ACTIVE.map((id) => isActiveUser(id))));
  expect(again.result.every(Boolean)).toBe(true);
  expect(again.queries).toBe(0);
  // Refusals are not remembered: a person created a moment later is found.
  expect((await lookups(() => isActiveUser("nobody"))).queries).toBe(1);
});

it("forgets a person disabled, and flags the checks that were in flight", async () => {
  forgetActiveUser();
  const id = ACTIVE[1];
  expect(await isActiveUser(id)).toBe(true);
  const checkStartedAt = Date.now();
  await setUserDisabled(id, true);
  try {
    // Still remembered until the disable is heard (the control event calls this).
    expect(await isActiveUser(id)).toBe(true);
    forgetActiveUser(id);
    expect(disabledSince(id, checkStartedAt)).toBe(true);
    expect(disabledSince(ACTIVE[2], checkStartedAt)).toBe(false);
    expect(disabledSince(id, Date.now() + 1)).toBe(false);
    const after = await lookups(() => isActiveUser(id));
    expect(after).toEqual({ result: false, queries: 1 });
  } finally {
    await setUserDisabled(id, false);
  }
});

it("does not remember an answer read before a disable was heard", async () => {
  forgetActiveUser();
  const id = ACTIVE[3];
  const inFlight = isActiveUser(id);
  // Heard while the query is out (it was sent in the turn after the check): it may have read
  // the rows before that disable committed.
  await new Promise((resolve) => setImmediate(resolve));
  forgetActiveUser(ACTIVE[4]);
  expect(await inFlight).toBe(true);
  expect((await lookups(() => isActiveUser(id))).queries).toBe(1);
  expect((await lookups(() => isActiveUser(id))).queries).toBe(0);
});
