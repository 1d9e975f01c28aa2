// Malformed, mistyped and oversized input: 4xx, one error shape, nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db/index.ts";
import { apiClient, connectSocket, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let server: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHerald({ DATABASE_URL: database.url });
  api = await apiClient(server.url);
  await createUsers("frank", "gina");
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const valid = { recipients: ["frank"], type: "comment", title: "Hi" };

describe("POST /api/v1/notifications refuses bad input and stores nothing", () => {
  const cases: [string, unknown, number, string][] = [
    ["malformed JSON", "{ not json", 400, "invalid_json"],
    ["a JSON array", "[]", 422, "validation_failed"],
    ["no recipients", { ...valid, recipients: [] }, 422, "validation_failed"],
    ["recipients of the wrong type", { ...valid, recipients: "frank" }, 422, "validation_failed"],
    ["a numeric title", { ...valid, title: 5 }, 422, "validation_failed"],
    ["a missing type", { recipients: ["frank"], title: "x" }, 422, "validation_failed"],
    ["an unknown field", { ...valid, priority: "high" }, 422, "validation_failed"],
    ["data that is not an object", { ...valid, data: [1, 2] }, 422, "validation_failed"],
    ["data over 8 KB", { ...valid, data: { blob: "x".repeat(8200) } }, 422, "validation_failed"],
    ["more than 1,000 recipients", { ...valid, recipients: Array.from({ length: 1001 }, (_, i) => `u${i}`) }, 422, "validation_failed"],
    ["a javascript: action URL", { ...valid, actionUrl: "javascript:alert(1)" }, 422, "validation_failed"],
    ["a body over 256 KB", { ...valid, body: "x".repeat(300 * 1024) }, 413, "payload_too_large"],
  ];

  it.each(cases)("%s", async (_name, body, status, code) => {
    const res = await api.request("POST", "/api/v1/notifications", body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe("string");
    expect(Object.keys(res.body)).toEqual(["error"]);
    expect(await db().notification.count()).toBe(0);
  });

  it("names the invalid fields", async () => {
    const res = await api.request("POST", "/api/v1/notifications", { recipients: [1], type: "", title: "" });
    expect(res.status).toBe(422);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["recipients.0", "type", "title"]));
  });

  it("refuses unknown recipients and writes nothing for the known ones", async () => {
    const res = await api.request("POST", "/api/v1/notifications", { ...valid, recipients: ["frank", "nobody", "gina"] });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({ path: "recipients", unknown: ["nobody"] });
    expect(await db().notification.count()).toBe(0);
    const users = await db().user.findMany({ where: { id: { in: ["frank", "gina"] } } });
    expect(users.map((u) => Number(u.notificationSeq))).toEqual([0, 0]);
  });

  it("refuses a non-JSON content type", async () => {
    const res = await api.request("POST", "/api/v1/notifications", JSON.stringify(valid), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("unsupported_media_type");
  });
});

describe("unknown endpoints and methods", () => {
  it("answers an unknown path with a JSON 404", async () => {
    const res = await api.request("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("answers a wrong method with a JSON 405 and the allowed ones", async () => {
    const res = await fetch(`${server.url}/api/v1/notifications`, { method: "GET", headers: { authorization: `Bearer ${api.key}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });
});

describe("users API", () => {
  it("refuses an invalid email", async () => {
    const res = await api.request("PUT", "/api/v1/users/jon", { email: "not-an-email" });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe("email");
    expect(await db().user.findUnique({ where: { id: "jon" } })).toBeNull();
  });

  it("creates, then updates, a user", async () => {
    const created = await api.request("PUT", "/api/v1/users/hal", { email: "Hal@Example.test", name: "Hal" });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ id: "hal", email: "hal@example.test", name: "Hal", role: "user" });
    const updated = await api.request("PUT", "/api/v1/users/hal", { name: "Hal 9000" });
    expect(updated.status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: "hal" } })).name).toBe("Hal 9000");
  });

  it("answers 409 when the email belongs to someone else", async () => {
    const res = await api.request("PUT", "/api/v1/users/ivan", { email: "frank@example.test" });
    expect(res.status).toBe(409);
    expect(await db().user.findUnique({ where: { id: "ivan" } })).toBeNull();
  });

  it("answers 404 for a token for an unknown user", async () => {
    const res = await api.request("POST", "/api/v1/users/nobody/token");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("socket frames", () => {
  it("drops a client that sends a frame over 10 KB", async () => {
    const { body } = await api.request("POST", "/api/v1/users/frank/token");
    const socket = await connectSocket(server.url, { token: body.token });
    const reason = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    (socket as unknown as { emit: (e: string, p: string) => void }).emit("anything", "x".repeat(11 * 1024));
    expect(await reason).toBe("transport close");
    socket.close();
  });
});
