// The browser's side of Web Push, written here from the RFCs with node:crypto rather than
// taken from the library Herald sends with, so a test checks Herald against the standard:
// a subscription's keys (as PushManager.subscribe makes them), decryption of an aes128gcm
// push (RFC 8291 over RFC 8188) and the VAPID header (RFC 8292).
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";

export type BrowserKeys = { ecdh: ECDH; p256dh: string; auth: string };

/** A P-256 key pair and a 16-byte auth secret, as a browser makes for each subscription. */
export function createBrowserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

export function subscriptionJson(endpoint: string, keys: BrowserKeys) {
  return { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188 §2: one aes128gcm record in, the plaintext out. Throws when anything is off. */
export function decryptPush(body: Buffer, keys: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20];
  const senderKey = body.subarray(21, 21 + keyIdLength);
  const record = body.subarray(21 + keyIdLength);
  if (keyIdLength !== 65) throw new Error(`key id is ${keyIdLength} bytes, not a P-256 public key`);
  if (record.length > recordSize) throw new Error("more than one record");
  const receiverKey = keys.ecdh.getPublicKey();
  const sharedSecret = keys.ecdh.computeSecret(senderKey);
  // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), receiverKey, senderKey, Buffer.from([1])]);
  const ikm = hmac(hmac(Buffer.from(keys.auth, "base64url"), sharedSecret), keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with 0x02 and then any number of zero bytes.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end).toString("utf8");
}

export type VapidClaims = { aud: string; exp: number; sub: string };

/** RFC 8292: `Authorization: vapid t=<JWT>, k=<public key>`; checks the ES256 signature with k. */
export function verifyVapid(authorization: string | undefined): { publicKey: string; claims: VapidClaims } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? "");
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, jwt, publicKey] = match;
  const [header, claims, signature] = jwt.split(".");
  const { alg } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string };
  if (alg !== "ES256") throw new Error(`VAPID JWT signed with ${alg}, not ES256`);
  const point = Buffer.from(publicKey, "base64url");
  const key = createPublicKey({
    format: "jwk",
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") },
  });
  const signed = Buffer.from(`${header}.${claims}`);
  if (!verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"))) {
    throw new Error("the VAPID signature does not verify with its public key");
  }
  return { publicKey, claims: JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as VapidClaims };
}
