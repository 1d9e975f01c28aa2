import { describe, expect, it } from "vitest";
import { classifyAddress, isPublicAddress } from "./address-range.ts";

// [address, expected range] for addresses that must be refused.
const refused: [string, string][] = [
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"], // 0.0.0.0/8: "this network"
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "linkLocal"], // cloud metadata
  ["100.64.0.1", "carrierGradeNat"],
  ["100.127.255.255", "carrierGradeNat"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.1", "reserved"], // TEST-NET-1
  ["198.51.100.7", "reserved"], // TEST-NET-2
  ["203.0.113.9", "reserved"], // TEST-NET-3
  ["198.18.0.1", "reserved"], // benchmarking
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["224.0.0.251", "multicast"],
  ["2130706433", "loopback"], // 32-bit form
  ["0x7f.1", "loopback"], // hex, two parts
  ["0177.0.0.1", "loopback"], // octal
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["fe80::1", "linkLocal"],
  ["fe80::1%eth0", "linkLocal"],
  ["fc00::1", "uniqueLocal"],
  ["fd12:3456:789a::1", "uniqueLocal"],
  ["fec0::1", "deprecatedSiteLocal"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"], // documentation
  ["3fff::1", "reserved"], // documentation (RFC 9637)
  ["2001:2::1", "benchmarking"],
  ["100::1", "discard"],
  ["::ffff:127.0.0.1", "ipv4Mapped:loopback"],
  ["::ffff:7f00:1", "ipv4Mapped:loopback"],
  ["::ffff:10.1.2.3", "ipv4Mapped:private"],
  ["::ffff:169.254.169.254", "ipv4Mapped:linkLocal"],
  ["::7f00:1", "unassigned"], // deprecated IPv4-compatible ::127.0.0.1
  ["::ffff:0:7f00:1", "rfc6145"], // IPv4-translated
  ["64:ff9b::7f00:1", "rfc6052:loopback"], // NAT64 of 127.0.0.1
  ["64:ff9b::a9fe:a9fe", "rfc6052:linkLocal"], // NAT64 of 169.254.169.254
  ["64:ff9b:1::1", "rfc6052"], // local-use NAT64 prefix
  ["2002:7f00:1::1", "6to4:loopback"],
  ["2002:c0a8:101::1", "6to4:private"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"],
  ["5f00::1", "segmentRouting"],
  ["not-an-ip", "invalid"],
  ["", "invalid"],
];

const allowed = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.32.0.1", // just past 172.16/12
  "100.128.0.1", // just past 100.64/10
  "11.0.0.1",
  "2606:4700:4700::1111",
  "2001:4860:4860::8888",
  "::ffff:8.8.8.8", // mapped public IPv4 is that IPv4
  "64:ff9b::808:808", // NAT64 of 8.8.8.8 (DNS64 on IPv6-only hosts)
  "2002:808:808::1", // 6to4 of 8.8.8.8
];

describe("classifyAddress", () => {
  it.each(refused)("refuses %s (%s)", (address, range) => {
    expect(classifyAddress(address)).toEqual({ public: false, range });
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(allowed)("allows %s", (address) => {
    expect(classifyAddress(address).public).toBe(true);
    expect(isPublicAddress(address)).toBe(true);
  });
});
