// Whether a person is active, as every token handshake asks (server/users/active-users.ts),
// against a real PostgreSQL: the checks of one turn share one query and each gets its own
// answer; a disable heard is noted for the handshakes that were being checked.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sql } from "../../server/db/index.ts";
import { setUserDisabled } from "../../server/users/disable-user.ts";
import { upsertUser } from "../../server/users/upsert-user.ts";
import { disabledSince, isActiveUser, noteDisabled } from "../../server/users/active-users.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
const ACTIVE = Array.from({ length: 40 }, (_, i) => `active-user-${i}`);

beforeAll(async () => {
  database = await createTestDatabase();
  for (const id of [...ACTIVE, "disabled-user"]) await upsertUser({ id });
  await setUserDisabled("disabled-user", true);
});

afterAll(async () => {
  await database?.drop();
});

/** The `users-active` lookups made while `run` runs. */
async function lookups<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const query = vi.spyOn(sql(), "query");
  try {
    const result = await run();
    const queries = query.mock.calls.filter(([config]) => (config as { name?: string }).name === "users-active").length;
    return { result, queries };
  } finally {
    query.mockRestore();
  }
}

it("answers the checks of one turn with one query, each with its own person's answer", async () => {
  const ids = [...ACTIVE, ACTIVE[0], "disabled-user", "nobody"];
  const first = await lookups(() => Promise.all(ids.map((id) => isActiveUser(id))));
  expect(first.result).toEqual([...ACTIVE.map(() => true), true, false, false]);
  expect(first.queries).toBe(1);
  // Always asked of the database: a disable is seen by the next check, without any event.
  await setUserDisabled(ACTIVE[1], true);
  try {
    expect(await lookups(() => isActiveUser(ACTIVE[1]))).toEqual({ result: false, queries: 1 });
  } finally {
    await setUserDisabled(ACTIVE[1], false);
  }
});

it("refuses during an outage rather than answering from memory", async () => {
  const query = vi.spyOn(sql(), "query").mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
  try {
    const answers = await Promise.allSettled([isActiveUser(ACTIVE[2]), isActiveUser(ACTIVE[3])]);
    expect(answers.map((a) => a.status)).toEqual(["rejected", "rejected"]);
    expect(await isActiveUser(ACTIVE[2])).toBe(true);
  } finally {
    query.mockRestore();
  }
});

it("notes a disable for the checks that began before it was heard, not after", () => {
  const checkStartedAt = Date.now();
  noteDisabled(ACTIVE[4]);
  expect(disabledSince(ACTIVE[4], checkStartedAt)).toBe(true);
  expect(disabledSince(ACTIVE[5], checkStartedAt)).toBe(false);
  expect(disabledSince(ACTIVE[4], Date.now() + 1)).toBe(false);
});
