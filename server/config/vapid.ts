// VAPID (RFC 8292): the key pair with which Herald signs every Web Push request. Browsers
// subscribe with the public key, and push services refuse requests signed with any other,
// so the pair must stay the same across restarts and on every instance.
import { createECDH } from "node:crypto";
import { z } from "zod";

export type VapidKeys = { vapidPublicKey: string; vapidPrivateKey: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const decoded = (bytes: number, what: string) =>
  z
    .string()
    .regex(BASE64URL, "must be base64url (A-Z, a-z, 0-9, '-', '_', no '=')")
    .refine((v) => Buffer.from(v, "base64url").length === bytes, `must decode to ${bytes} bytes (${what})`);

/** An uncompressed P-256 point, as `npx web-push generate-vapid-keys` prints it. */
export const vapidPublicKey = decoded(65, "an uncompressed P-256 public key");
export const vapidPrivateKey = decoded(32, "a P-256 private key");

/** Who push services may contact about this sender: a mailto: address or an https: URL. */
export const vapidSubject = z
  .string()
  .refine((v) => /^mailto:[^@\s]+@[^@\s]+$/.test(v) || (URL.canParse(v) && new URL(v).protocol === "https:"), {
    message: "must be a mailto: address or an https:// URL",
  });

/** A fresh pair; the private key is left-padded to 32 bytes (getPrivateKey drops leading zeros). */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const privateKey = Buffer.alloc(32);
  const raw = ecdh.getPrivateKey();
  raw.copy(privateKey, 32 - raw.length);
  return { vapidPublicKey: ecdh.getPublicKey().toString("base64url"), vapidPrivateKey: privateKey.toString("base64url") };
}

/** Whether the public key is the one that belongs to the private key. */
export function isVapidPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, "base64url"));
  } catch {
    return false;
  }
}

/** Without VAPID_SUBJECT: the site itself when it is https, else a placeholder address. */
export function defaultVapidSubject(publicUrl: string): string {
  const url = new URL(publicUrl);
  return url.protocol === "https:" && url.hostname !== "localhost" ? url.origin : "mailto:push@herald.invalid";
}
