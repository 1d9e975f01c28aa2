import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./index.ts";

const made: string[] = [];
const dataDir = () => {
  made.push(mkdtempSync(join(tmpdir(), "herald-config-")));
  return made.at(-1)!;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("defaults to one box: embedded database, no Redis, generated secrets kept in DATA_DIR", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir, PORT: "4000", DATABASE_URL: "", REDIS_URL: "", AUTH_SECRET: "", TOKEN_SECRET: "" });
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.seedDemoData).toBe(true);
    expect(config.allowedOrigins).toEqual(["http://localhost:4000", "http://127.0.0.1:4000"]);
    expect(config.authSecret.length).toBeGreaterThanOrEqual(32);
    const again = loadConfig({ DATA_DIR: dir, AUTH_SECRET: "", TOKEN_SECRET: "" });
    expect(again.authSecret).toBe(config.authSecret);
    expect(again.tokenSecret).toBe(config.tokenSecret);
  });

  it("reports every bad value at once, each with its reason", () => {
    const load = () =>
      loadConfig({ DATA_DIR: dataDir(), PORT: "99999", DATABASE_URL: "mysql://x", REDIS_URL: "nope", AUTH_SECRET: "short" });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: .*65535/);
      expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
      expect(message).toMatch(/REDIS_URL: must be a URL/);
      expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    }
  });

  it("reads allowed origins as a comma-separated list", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), ALLOWED_ORIGINS: "https://a.example, https://b.example" });
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
  });
});
