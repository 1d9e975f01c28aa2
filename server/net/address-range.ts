// Which IP addresses the server may call out to. Only globally routable unicast counts as
// public: everything else (private, loopback, link-local and cloud metadata, CGNAT,
// documentation, benchmarking, multicast...) is where an attacker-supplied URL could reach
// internal services, so it is refused unless ALLOW_PRIVATE_NETWORK_TARGETS is set.
import ipaddr from "ipaddr.js";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

export type AddressVerdict = {
  public: boolean;
  /** ipaddr.js's range name ("loopback", "private", "linkLocal"...); "ipv4Mapped:loopback" for embedded IPv4. */
  range: string;
};

// IANA's global unicast block. ipaddr.js calls any unlisted IPv6 address "unicast", which
// would include the deprecated IPv4-compatible ::a.b.c.d and other unassigned space.
const globalUnicastV6 = ipaddr.IPv6.parseCIDR("2000::/3");
// NAT64's well-known prefix: a DNS64 resolver answers 64:ff9b::a.b.c.d for IPv4-only
// hosts, so an IPv6-only server must be able to reach the public ones.
const nat64WellKnown = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

/** Classifies an IP address in any form ipaddr.js parses (dotted, hex, octal, 32-bit, IPv6 with zone). */
export function classifyAddress(address: string): AddressVerdict {
  let ip: IPv4 | IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return { public: false, range: "invalid" };
  }
  return ip.kind() === "ipv4" ? classifyV4(ip as IPv4) : classifyV6(ip as IPv6);
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).public;
}

function classifyV4(ip: IPv4): AddressVerdict {
  // ipaddr.js lists 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
  // 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24,
  // 224/4, 240/4, 255.255.255.255, AS112 and AMT; everything else is "unicast".
  const range = ip.range();
  return { public: range === "unicast", range };
}

function classifyV6(ip: IPv6): AddressVerdict {
  const range: string = ip.range();
  // These carry an IPv4 address that the packets really reach: judge that one, so
  // ::ffff:127.0.0.1 or 2002:7f00:1:: is as refused as 127.0.0.1.
  if (range === "ipv4Mapped") return embedded(ip.toIPv4Address(), range);
  if (ip.match(nat64WellKnown)) return embedded(v4FromParts(ip.parts[6], ip.parts[7]), "rfc6052");
  if (range === "6to4") return embedded(v4FromParts(ip.parts[1], ip.parts[2]), range);
  // Teredo (2001::/32) is refused outright: it tunnels to an obfuscated client address
  // and no service we call lives there.
  if (range === "unicast" && ip.match(globalUnicastV6)) return { public: true, range };
  return { public: false, range: range === "unicast" ? "unassigned" : range };
}

function embedded(v4: IPv4, via: string): AddressVerdict {
  const inner = classifyV4(v4);
  return { public: inner.public, range: `${via}:${inner.range}` };
}

function v4FromParts(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
