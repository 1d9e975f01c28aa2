// The contract every PushProvider passes, run against a real HTTPS push service started by
// the test (tests/support/push-service.ts). A provider file's test calls
// `pushProviderContract("name", factory)`; the factory gets the guard policy and the test
// service's certificate, and must send through the SSRF guard (server/net/).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolveHost } from "../../net/guarded-lookup.ts";
import { startPushService, type PushService } from "../../../tests/support/push-service.ts";
import { createBrowserKeys, decryptPush, verifyVapid } from "../../../tests/support/web-push-crypto.ts";
import { generateVapidKeys } from "../../config/vapid.ts";
import type { PushProvider, PushSendOptions, PushTarget } from "./push-provider.ts";

export type ProviderFactory = (options: {
  vapid: { subject: string; publicKey: string; privateKey: string };
  allowPrivate: boolean;
  /** The test service's certificate, to trust. */
  ca: string;
  resolve?: ResolveHost;
  timeoutMs?: number;
}) => PushProvider;

const OPTIONS: PushSendOptions = { ttlSeconds: 3600, urgency: "high", topic: "0123456789abcdef0123456789abcdef" };

export function pushProviderContract(name: string, factory: ProviderFactory): void {
  describe(`push provider contract: ${name}`, () => {
    let service: PushService;
    const keys = generateVapidKeys();
    const vapid = { subject: "mailto:ops@herald.test", publicKey: keys.vapidPublicKey, privateKey: keys.vapidPrivateKey };
    const browser = createBrowserKeys();
    const target = (endpointName: string, host?: string): PushTarget => ({
      endpoint: service.endpoint(endpointName, host),
      keys: { p256dh: browser.p256dh, auth: browser.auth },
    });
    let provider: PushProvider;

    beforeAll(async () => {
      service = await startPushService();
      provider = factory({ vapid, allowPrivate: true, ca: service.ca });
    });
    afterAll(() => service?.close());

    it("delivers an encrypted payload the browser can read, signed with the VAPID key", async () => {
      const payload = JSON.stringify({ title: "Build failed", url: "/builds/7", note: "ünïcødé ✓" });
      const result = await provider.send(target("ok"), payload, OPTIONS);
      expect(result).toMatchObject({ status: "sent", statusCode: 201 });
      const [push] = service.received("ok");
      expect(service.received("ok")).toHaveLength(1);
      expect(push.headers).toMatchObject({ "content-encoding": "aes128gcm", ttl: "3600", urgency: "high", topic: OPTIONS.topic });
      expect(decryptPush(push.body, browser)).toBe(payload);
      const { publicKey, claims } = verifyVapid(push.headers.authorization);
      expect(publicKey).toBe(vapid.publicKey);
      expect(claims).toMatchObject({ aud: service.origin, sub: vapid.subject });
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    });

    it.each([404, 410])("reports a subscription the service answers %i for as gone", async (status) => {
      service.script(`gone-${status}`, [status]);
      expect(await provider.send(target(`gone-${status}`), "{}", OPTIONS)).toMatchObject({ status: "gone", statusCode: status });
    });

    it.each([429, 500, 503])("asks for a retry when the service answers %i", async (status) => {
      service.script(`busy-${status}`, [status]);
      const result = await provider.send(target(`busy-${status}`), "{}", OPTIONS);
      expect(result).toMatchObject({ status: "retry", statusCode: status });
      expect(result.detail).toContain(String(status));
    });

    it.each([400, 403, 413])("fails without retry when the service answers %i", async (status) => {
      service.script(`bad-${status}`, [status]);
      expect(await provider.send(target(`bad-${status}`), "{}", OPTIONS)).toMatchObject({ status: "failed", statusCode: status });
    });

    it("asks for a retry when the service does not answer in time", async () => {
      service.script("hang", ["hang"]);
      const impatient = factory({ vapid, allowPrivate: true, ca: service.ca, timeoutMs: 300 });
      expect(await impatient.send(target("hang"), "{}", OPTIONS)).toMatchObject({ status: "retry" });
    });

    it("refuses a name that resolves to a private address, sending nothing", async () => {
      const resolve: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
      const guarded = factory({ vapid, allowPrivate: false, ca: service.ca, resolve });
      const result = await guarded.send(target("rebound", "push.rebinding.test"), "{}", OPTIONS);
      expect(result.status).toBe("failed");
      expect(result.detail).toMatch(/push\.rebinding\.test at 127\.0\.0\.1: .*not a public address/);
      expect(service.received("rebound")).toHaveLength(0);
    });
  });
}
