// COMPRESS=true on the real production server: pages, static scripts and large GET JSON
// go out compressed to a client that asks; small JSON and every publish go out as they are.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, createUsers, type Api } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let herald: HeraldProcess;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase();
  herald = await startHerald({ DATABASE_URL: database.url, COMPRESS: "true" });
  api = await apiClient(herald.url);
  await createUsers("cora");
});

afterAll(async () => {
  await herald?.stop();
  await database?.drop();
});

/** The raw answer (Node's http does not decode), asking for gzip or brotli. */
function raw(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; encoding: string | undefined; vary: string | undefined; bytes: number; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(herald.url + path, { method: init.method ?? "GET", headers: { "accept-encoding": "br, gzip", ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"], vary: res.headers.vary, bytes: body.length, body });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("with COMPRESS=true", () => {
  it("compresses pages and their scripts", async () => {
    const signin = await raw("/signin");
    expect(signin.status).toBe(200);
    expect(signin.encoding).toMatch(/^(br|gzip)$/);
    const html = await (await fetch(herald.url + "/signin")).text();
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const chunk = await raw(script!);
    expect(chunk.status).toBe(200);
    expect(chunk.encoding).toMatch(/^(br|gzip)$/);
    const plain = await raw(script!, { headers: { "accept-encoding": "identity" } });
    expect(plain.encoding).toBeUndefined();
    expect(chunk.bytes).toBeLessThan(plain.bytes);
  });

  it("compresses GET JSON of 1 KB or more, not smaller answers", async () => {
    const small = await raw("/api/v1/types", { headers: { authorization: `Bearer ${api.key}` } });
    expect(small.status).toBe(200);
    expect(small.bytes).toBeLessThan(1024);
    expect(small.encoding).toBeUndefined();
    for (let i = 0; i < 12; i++) {
      const res = await api.request("PUT", `/api/v1/types/compress.t${i}`, { displayName: `Compression type ${i}`, description: "x".repeat(60) });
      expect(res.status).toBe(201);
    }
    const large = await raw("/api/v1/types", { headers: { authorization: `Bearer ${api.key}` } });
    expect(large.status).toBe(200);
    expect(large.encoding).toMatch(/^(br|gzip)$/);
  });

  it("leaves publishing alone: the 202 goes out uncompressed, untouched by the middleware", async () => {
    const res = await raw("/api/v1/notifications", {
      method: "POST",
      headers: { authorization: `Bearer ${api.key}`, "content-type": "application/json" },
      body: JSON.stringify({ recipients: ["cora"], type: "compress.publish", title: "x".repeat(200), body: "y".repeat(4000) }),
    });
    expect(res.status).toBe(202);
    expect(res.encoding).toBeUndefined();
    expect(res.vary).toBeUndefined();
    expect(JSON.parse(res.body.toString()).notifications).toHaveLength(1);
  });
});
