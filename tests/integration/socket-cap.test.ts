// A per-user cap on concurrent sockets, across instances (MAX_SOCKETS_PER_USER; 3 here):
// the next handshake is refused with `too_many_connections`, other users are unaffected,
// and a closed socket frees its place.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { apiClient, connectSocket, createUsers, eventually, refusedConnection, type Api, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let api: Api;
const open: TestSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), MAX_SOCKETS_PER_USER: "3" };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  api = await apiClient(a.url);
  await createUsers("xena", "yuri");
});

afterAll(async () => {
  for (const s of open) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

const token = async (userId: string) => (await api.request("POST", `/api/v1/users/${userId}/token`)).body.token as string;

it("refuses the socket past the cap, counted across instances, and frees a place when one closes", async () => {
  const t = await token("xena");
  open.push(await connectSocket(a.url, { token: t }), await connectSocket(b.url, { token: t }), await connectSocket(a.url, { token: t }));
  for (const server of [a, b]) {
    const error = await refusedConnection(server.url, { token: t });
    expect(error.data?.code).toBe("too_many_connections");
    expect(error.message).toBe("At most 3 connections per user");
  }
  // Another user is not affected.
  const other = await connectSocket(b.url, { token: await token("yuri") });
  expect(other.connected).toBe(true);
  open.push(other);

  open.shift()!.close();
  const again = await eventually(() => connectSocket(b.url, { token: t }).catch(() => undefined), 3000);
  expect(again.connected).toBe(true);
  open.push(again);
});
