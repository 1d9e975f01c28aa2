import { describe, expect, it } from "vitest";
import { readUnsubscribeToken, signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from "./unsubscribe-token.ts";

const key = unsubscribeKey("test-auth-secret-0123456789abcdef01234567890");
const alice = { userId: "alice", type: "comment.mention" };

describe("unsubscribe tokens", () => {
  it("name the person and type, and verify for the address they were sent to", () => {
    const token = signUnsubscribeToken(key, alice, "alice@example.com");
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(readUnsubscribeToken(token)).toEqual(alice);
    expect(verifyUnsubscribeToken(key, token, "alice@example.com")).toBe(true);
    expect(verifyUnsubscribeToken(key, token, "Alice@Example.com")).toBe(true);
  });

  it("do not verify for another address, another key, or with any change", () => {
    const token = signUnsubscribeToken(key, alice, "alice@example.com");
    expect(verifyUnsubscribeToken(key, token, "someone-else@example.com")).toBe(false);
    expect(verifyUnsubscribeToken(unsubscribeKey("another-secret-0123456789abcdef0123456789"), token, "alice@example.com")).toBe(false);
    const [payload, mac] = token.split(".");
    // Another person or type under the same signature.
    const bob = Buffer.from(JSON.stringify(["bob", "comment.mention"])).toString("base64url");
    const other = Buffer.from(JSON.stringify(["alice", "task.assigned"])).toString("base64url");
    for (const forged of [`${bob}.${mac}`, `${other}.${mac}`, `${payload}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`,
      `${payload}.${mac}=`, `${payload}.${mac}.x`, `${payload}.`, payload, ""]) {
      expect(verifyUnsubscribeToken(key, forged, "alice@example.com")).toBe(false);
    }
  });

  it("keep ids with any characters apart: the claim is JSON, not joined text", () => {
    const tricky = { userId: "a.b\nc", type: "x:y" };
    const token = signUnsubscribeToken(key, tricky, "a@example.com");
    expect(readUnsubscribeToken(token)).toEqual(tricky);
    expect(verifyUnsubscribeToken(key, token, "a@example.com")).toBe(true);
  });

  it("read malformed tokens as nothing", () => {
    for (const bad of ["", ".", "abc", "abc.def", `${Buffer.from("[1,2]").toString("base64url")}.x`, `${Buffer.from('["a"]').toString("base64url")}.x`, "x".repeat(2000)]) {
      expect(readUnsubscribeToken(bad)).toBeNull();
    }
  });
});
