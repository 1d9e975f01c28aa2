// A per-user cap on concurrent sockets, across instances (MAX_SOCKETS_PER_USER; 3 here):
// the next handshake is refused with `too_many_connections`, other users are unaffected,
// and a closed socket frees its place. The same check runs on a Redis Cluster in
// cross-instance-cluster.test.ts.
import { afterAll, beforeAll, inject, it } from "vitest";
import { createUsers } from "../support/clients.ts";
import { expectSocketCapAcrossInstances } from "../support/cross-instance-checks.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), MAX_SOCKETS_PER_USER: "3" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  await createUsers("xena", "yuri");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("refuses the socket past the cap, counted across instances, and frees a place when one closes", async () => {
  await expectSocketCapAcrossInstances(a, b, ["xena", "yuri"]);
});
