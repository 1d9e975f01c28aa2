// The token in an email's unsubscribe link: it names one person and one type, and is
// signed (HMAC-SHA256) over those and the address the mail went to, with a key derived
// from AUTH_SECRET for this purpose only. Nothing is stored. It can do exactly one thing,
// turn off that person's email for that type, so it does not expire: the link keeps
// working as long as the mail sits in an inbox, as one-click unsubscribe (RFC 8058)
// expects. It stops working when the person's address changes (a mailbox that no longer
// belongs to them cannot change their settings) or when AUTH_SECRET is replaced.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export type UnsubscribeClaim = { userId: string; type: string };

const MAX_TOKEN_LENGTH = 1024;

/** The signing key: AUTH_SECRET, through HKDF, so the same secret never signs two kinds of thing. */
export function unsubscribeKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "herald", "unsubscribe-token v1", 32));
}

export function signUnsubscribeToken(key: Buffer, claim: UnsubscribeClaim, email: string): string {
  const payload = Buffer.from(JSON.stringify([claim.userId, claim.type])).toString("base64url");
  return `${payload}.${mac(key, payload, email).toString("base64url")}`;
}

/** Who and what a token names, before it is verified (that needs the person's address); null when malformed. */
export function readUnsubscribeToken(token: string): UnsubscribeClaim | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  try {
    const claim: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (!Array.isArray(claim) || claim.length !== 2 || !claim.every((part) => typeof part === "string" && part !== "")) return null;
    return { userId: claim[0] as string, type: claim[1] as string };
  } catch {
    return null;
  }
}

/** True when the token was signed with this key for this address. */
export function verifyUnsubscribeToken(key: Buffer, token: string, email: string): boolean {
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !readUnsubscribeToken(token)) return false;
  const expected = mac(key, payload, email);
  const given = Buffer.from(signature, "base64url");
  // base64url decoding ignores stray characters: compare the canonical form too.
  return given.length === expected.length && timingSafeEqual(given, expected) && given.toString("base64url") === signature;
}

// The payload is base64url (no "\n"), so payload and address cannot run into each other.
function mac(key: Buffer, payload: string, email: string): Buffer {
  return createHmac("sha256", key).update(`${payload}\n${email.toLowerCase()}`).digest();
}
