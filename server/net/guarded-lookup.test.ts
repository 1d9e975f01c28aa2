import type { LookupAddress, LookupOptions } from "node:dns";
import { describe, expect, it, vi } from "vitest";
import { BlockedAddressError, createGuardedLookup, resolveAllowedAddresses, type ResolveHost } from "./guarded-lookup.ts";

const strict = { allowPrivate: false };

/** Calls a lookup function the way net does and returns what its callback got. */
function lookupWith(resolve: ResolveHost, hostname: string, options: LookupOptions, allowPrivate = false) {
  const lookup = createGuardedLookup({ resolve, allowPrivate });
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((done) =>
    lookup(hostname, options, (error, address, family) => done({ error, address, family })),
  );
}

const answers = (...addresses: string[]): ResolveHost =>
  vi.fn(async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

describe("createGuardedLookup", () => {
  it("answers in both dns.lookup forms when every address is public", async () => {
    const resolve = answers("93.184.215.14", "2606:2800:21f:cb07::1");
    expect(await lookupWith(resolve, "push.example.com", { all: true })).toEqual({
      error: null,
      address: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:2800:21f:cb07::1", family: 6 },
      ],
      family: undefined,
    });
    expect(await lookupWith(resolve, "push.example.com", {})).toEqual({ error: null, address: "93.184.215.14", family: 4 });
  });

  it("refuses the whole answer when any address is not public", async () => {
    const { error, address } = await lookupWith(answers("93.184.215.14", "10.0.0.7"), "mixed.example.com", { all: true });
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error).toMatchObject({ code: "EBLOCKEDADDRESS", hostname: "mixed.example.com", address: "10.0.0.7", range: "private" });
    expect(error?.message).toMatch(/Refused to connect to mixed\.example\.com at 10\.0\.0\.7: private/);
    expect(address).toEqual([]);
  });

  it("checks IP-literal hosts without resolving them", async () => {
    const resolve = answers("93.184.215.14");
    expect((await lookupWith(resolve, "169.254.169.254", {})).error).toMatchObject({ code: "EBLOCKEDADDRESS", range: "linkLocal" });
    expect((await lookupWith(resolve, "::ffff:127.0.0.1", {})).error).toMatchObject({ range: "ipv4Mapped:loopback" });
    expect(await lookupWith(resolve, "8.8.8.8", {})).toEqual({ error: null, address: "8.8.8.8", family: 4 });
    expect(resolve).not.toHaveBeenCalled();
  });

  it("passes the requested family and hints to the resolver", async () => {
    const resolve = answers("2606:2800:21f:cb07::1");
    await lookupWith(resolve, "v6.example.com", { family: "IPv6", hints: 32 });
    expect(resolve).toHaveBeenCalledWith("v6.example.com", { family: 6, hints: 32 });
  });

  it("reports an empty answer as ENOTFOUND", async () => {
    expect((await lookupWith(answers(), "nothing.example.com", {})).error).toMatchObject({ code: "ENOTFOUND" });
  });

  it("lets private answers through when private targets are allowed", async () => {
    expect(await lookupWith(answers("127.0.0.1"), "dev.example.com", {}, true)).toEqual({ error: null, address: "127.0.0.1", family: 4 });
  });

  it("resolves through the system resolver by default: localhost from /etc/hosts is refused", async () => {
    await expect(resolveAllowedAddresses("localhost", {}, strict)).rejects.toMatchObject({ code: "EBLOCKEDADDRESS", range: "loopback" });
    const allowed = await resolveAllowedAddresses("localhost", {}, { allowPrivate: true });
    expect(allowed.map((a) => a.address)).toContain("127.0.0.1");
  });
});
