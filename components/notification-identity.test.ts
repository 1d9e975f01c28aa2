import { describe, expect, it } from "vitest";
import { actorOf } from "./notification-identity.tsx";

describe("actorOf", () => {
  it("reads data.actor as { name, avatarUrl } or a plain name", () => {
    expect(actorOf({ data: { actor: { name: "Sam Lee", avatarUrl: "/avatars/sam.png" } } })).toEqual({ name: "Sam Lee", avatarUrl: "/avatars/sam.png" });
    expect(actorOf({ data: { actor: "  Robin  " } })).toEqual({ name: "Robin", avatarUrl: null });
  });

  it("keeps only avatars on Herald's own origin (the page's CSP loads no other images)", () => {
    for (const avatarUrl of ["https://cdn.example/sam.png", "//cdn.example/sam.png", "javascript:alert(1)", 42])
      expect(actorOf({ data: { actor: { name: "Sam", avatarUrl } } })?.avatarUrl).toBeNull();
  });

  it("finds no actor in anything else, and caps a long name", () => {
    for (const actor of [undefined, null, 7, "", "   ", [], { name: "" }, { name: 3 }, { avatarUrl: "/a.png" }]) expect(actorOf({ data: { actor } })).toBeNull();
    expect(actorOf({ data: { actor: "x".repeat(500) } })?.name).toHaveLength(100);
  });
});
