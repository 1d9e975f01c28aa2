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

  it("reads the metrics token and port; refuses a short token and the app's own port", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).metrics).toEqual({ token: undefined, port: undefined });
    const token = "0123456789abcdef0123456789abcdef";
    expect(loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: token, METRICS_PORT: "9464" }).metrics).toEqual({ token, port: 9464 });
    expect(() => loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: 16-200 visible ASCII/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: "with a space inside it" })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: "4000", METRICS_PORT: "4000" })).toThrow(/METRICS_PORT: must differ from PORT/);
  });

  it("compresses by default with the embedded database only; COMPRESS overrides; a bad value is refused", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "" }).compress).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "postgresql://h@localhost/h" }).compress).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "", COMPRESS: "false" }).compress).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "postgresql://h@localhost/h", COMPRESS: "true" }).compress).toBe(true);
    expect(() => loadConfig({ DATA_DIR: dataDir(), COMPRESS: "yes" })).toThrow(/COMPRESS/);
  });

  it("reads allowed origins as a comma-separated list", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), ALLOWED_ORIGINS: "https://a.example, https://b.example" });
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("reads a Redis Cluster's seed nodes, with TLS and credentials from their URLs", () => {
    const plain = loadConfig({ DATA_DIR: dataDir(), REDIS_URL: "", REDIS_CLUSTER_NODES: "redis://10.0.0.1:7000, redis://10.0.0.2" });
    expect(plain.redisUrl).toBeUndefined();
    expect(plain.redisCluster).toEqual({ nodes: [{ host: "10.0.0.1", port: 7000 }, { host: "10.0.0.2", port: 6379 }], tls: false });
    const secure = loadConfig({ DATA_DIR: dataDir(), REDIS_URL: "", REDIS_CLUSTER_NODES: "rediss://herald:p%40ss@[::1]:7000" });
    expect(secure.redisCluster).toEqual({ nodes: [{ host: "::1", port: 7000 }], tls: true, username: "herald", password: "p@ss" });
    expect(loadConfig({ DATA_DIR: dataDir(), REDIS_CLUSTER_NODES: "" }).redisCluster).toBeUndefined();
  });

  it.each([
    ["10.0.0.1:7000", /REDIS_CLUSTER_NODES: must be comma-separated redis:\/\/host:port/],
    ["http://10.0.0.1:7000", /REDIS_CLUSTER_NODES: must be comma-separated redis:\/\/host:port/],
    ["redis://a:7000,rediss://b:7000", /REDIS_CLUSTER_NODES: every node must use the same scheme and credentials/],
    ["redis://u:one@a:7000,redis://u:two@b:7000", /REDIS_CLUSTER_NODES: every node must use the same scheme and credentials/],
  ])("refuses REDIS_CLUSTER_NODES=%s", (value, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), REDIS_URL: "", REDIS_CLUSTER_NODES: value })).toThrow(message);
  });

  it("reads SMTP_URL and MAIL_FROM: the outbox without SMTP, a sender required with it, bad values named", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: "https://herald.example.com", SMTP_URL: "", MAIL_FROM: "" }).email).toEqual({
      smtpUrl: undefined,
      from: "Herald <notifications@herald.example.com>",
      fromSetInEnv: false,
    });
    const smtp = { SMTP_URL: "smtps://u:p%40ss@mail.example.com", MAIL_FROM: "Herald <n@example.com>" };
    expect(loadConfig({ DATA_DIR: dataDir(), ...smtp }).email).toEqual({ smtpUrl: smtp.SMTP_URL, from: smtp.MAIL_FROM, fromSetInEnv: true });
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: smtp.SMTP_URL, MAIL_FROM: "" })).toThrow(/MAIL_FROM: is required with SMTP_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...smtp, SMTP_URL: "https://mail.example.com" })).toThrow(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...smtp, MAIL_FROM: "Herald" })).toThrow(/MAIL_FROM: must be an address/);
    // The password is never part of the message.
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: "smtp://u:hunter2@", MAIL_FROM: "x@y.z" })).toThrow(/^(?![\s\S]*hunter2)[\s\S]*SMTP_URL: must name a host/);
  });

  it("refuses REDIS_URL and REDIS_CLUSTER_NODES together", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), REDIS_URL: "redis://x:6379", REDIS_CLUSTER_NODES: "redis://a:7000" })).toThrow(
      /REDIS_CLUSTER_NODES: set REDIS_URL \(one Redis\) or REDIS_CLUSTER_NODES \(a Redis Cluster\), not both/,
    );
  });
});
