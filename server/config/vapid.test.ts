// VAPID keys: generated once per DATA_DIR when not configured, else taken from the
// environment, where a half or mismatched pair is refused at start.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./index.ts";
import { generateVapidKeys, isVapidPair } from "./vapid.ts";

const made: string[] = [];
const dataDir = () => {
  made.push(mkdtempSync(join(tmpdir(), "herald-vapid-")));
  return made.at(-1)!;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const unset = { VAPID_PUBLIC_KEY: "", VAPID_PRIVATE_KEY: "", VAPID_SUBJECT: "", PUBLIC_URL: "" };

describe("VAPID configuration", () => {
  it("generates a working pair into DATA_DIR/secrets.json once, and keeps it", () => {
    const dir = dataDir();
    const { vapid } = loadConfig({ ...unset, DATA_DIR: dir });
    expect(Buffer.from(vapid.publicKey, "base64url")).toHaveLength(65);
    expect(isVapidPair(vapid.publicKey, vapid.privateKey)).toBe(true);
    const file = join(dir, "secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ ...unset, DATA_DIR: dir }).vapid).toEqual(vapid);
    expect(loadConfig({ ...unset, DATA_DIR: dataDir() }).vapid.publicKey).not.toBe(vapid.publicKey);
  });

  it("takes the pair and subject from the environment, for several instances to share", () => {
    const keys = generateVapidKeys();
    const env = { DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: keys.vapidPublicKey, VAPID_PRIVATE_KEY: keys.vapidPrivateKey, VAPID_SUBJECT: "mailto:ops@example.com" };
    expect(loadConfig(env).vapid).toEqual({ publicKey: keys.vapidPublicKey, privateKey: keys.vapidPrivateKey, subject: "mailto:ops@example.com" });
  });

  it("defaults the subject to an https PUBLIC_URL, else a placeholder address", () => {
    expect(loadConfig({ ...unset, DATA_DIR: dataDir(), PUBLIC_URL: "https://herald.example.com/" }).vapid.subject).toBe("https://herald.example.com");
    expect(loadConfig({ ...unset, DATA_DIR: dataDir() }).vapid.subject).toBe("mailto:push@herald.invalid");
  });

  it("refuses half a pair, a mismatched pair, malformed keys and a subject that is not mailto: or https:", () => {
    const [a, b] = [generateVapidKeys(), generateVapidKeys()];
    const load = (env: Record<string, string>) => () => loadConfig({ ...unset, DATA_DIR: dataDir(), ...env });
    expect(load({ VAPID_PUBLIC_KEY: a.vapidPublicKey })).toThrow(/VAPID_PRIVATE_KEY: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together/);
    expect(load({ VAPID_PUBLIC_KEY: a.vapidPublicKey, VAPID_PRIVATE_KEY: b.vapidPrivateKey })).toThrow(
      /VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY/,
    );
    expect(load({ VAPID_PUBLIC_KEY: "abc", VAPID_PRIVATE_KEY: a.vapidPrivateKey })).toThrow(/VAPID_PUBLIC_KEY: must decode to 65 bytes/);
    expect(load({ VAPID_PUBLIC_KEY: a.vapidPublicKey, VAPID_PRIVATE_KEY: `${a.vapidPrivateKey}=` })).toThrow(/VAPID_PRIVATE_KEY: must be base64url/);
    expect(load({ VAPID_SUBJECT: "http://example.com" })).toThrow(/VAPID_SUBJECT: must be a mailto: address or an https:\/\/ URL/);
  });
});
