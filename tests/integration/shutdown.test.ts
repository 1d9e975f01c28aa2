// SIGTERM: stop accepting, close the sockets' transports (not a Socket.IO disconnect,
// which clients would take as final: they reconnect elsewhere and catch up), drain, exit 0.
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiClient, connectSocket, createUsers } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  await createUsers("quinn");
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

it("closes sockets, stops listening and exits 0 on SIGTERM", async () => {
  const api = await apiClient(server.url);
  const { body } = await api.request("POST", "/api/v1/users/quinn/token");
  const socket = await connectSocket(server.url, { token: body.token });
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

  const exitCode = server.stop();
  expect(await disconnected).toBe("transport close");
  expect(await exitCode).toBe(0);
  expect(server.logs().map((l) => l.msg)).toContain("shut down");
  await expect(fetch(`${server.url}/api/v1/notifications`)).rejects.toThrow();
  socket.close();
});
