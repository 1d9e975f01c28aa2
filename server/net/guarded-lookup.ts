// The connect-time guard. A name that resolved to a public address when it was stored can
// resolve to 127.0.0.1 a second later (DNS rebinding), so the check runs inside the lookup
// that the socket itself uses: the addresses checked are the addresses connected to.
import dns, { type LookupAddress } from "node:dns";
import net from "node:net";
import { classifyAddress } from "./address-range.ts";
import { allowsPrivateTargets, type TargetPolicy } from "./target-policy.ts";

/** Thrown (as a socket error) when a target resolves to a non-public address. */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKEDADDRESS";

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      `Refused to connect to ${hostname} at ${address}: ${range} is not a public address ` +
        "(ALLOW_PRIVATE_NETWORK_TARGETS=true allows it in development)",
    );
    this.name = "BlockedAddressError";
  }
}

/** The resolver underneath the guard; tests inject one whose answers change between calls. */
export type ResolveHost = (hostname: string, options: { family: 0 | 4 | 6; hints?: number }) => Promise<LookupAddress[]>;

export type GuardOptions = TargetPolicy & { resolve?: ResolveHost };

/** getaddrinfo, as dns.lookup does: honours /etc/hosts like every other Node connection. */
export const resolveWithSystem: ResolveHost = (hostname, { family, hints }) =>
  dns.promises.lookup(hostname, { all: true, family, hints });

/** Throws BlockedAddressError unless the address is public or private targets are allowed. */
export function assertAllowedAddress(hostname: string, address: string, policy: TargetPolicy = {}): void {
  if (allowsPrivateTargets(policy)) return;
  const verdict = classifyAddress(address);
  if (!verdict.public) throw new BlockedAddressError(hostname, address, verdict.range);
}

/** Resolves a host and checks every answer: one bad address refuses the lot, since Node may try any. */
export async function resolveAllowedAddresses(
  hostname: string,
  options: Pick<dns.LookupOptions, "family" | "hints"> = {},
  guard: GuardOptions = {},
): Promise<LookupAddress[]> {
  const literal = net.isIP(hostname);
  const addresses = literal
    ? [{ address: hostname, family: literal }]
    : await (guard.resolve ?? resolveWithSystem)(hostname, { family: toFamily(options.family), hints: options.hints });
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
  }
  for (const { address } of addresses) assertAllowedAddress(hostname, address, guard);
  return addresses;
}

/** A drop-in for dns.lookup (net.LookupFunction): the `lookup` option of net, tls, http and https. */
export function createGuardedLookup(guard: GuardOptions = {}): net.LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowedAddresses(hostname, options, guard).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ""),
    );
  };
}

function toFamily(family: dns.LookupOptions["family"]): 0 | 4 | 6 {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}
