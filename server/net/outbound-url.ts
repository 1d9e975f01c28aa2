// The check for a URL or host the server will call later (push endpoint, webhook, SMTP
// host), made when it is stored so an obvious internal target is a 422 at once. It cannot
// see where a name will resolve; guarded-lookup.ts checks that again at every connect.
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { classifyAddress } from "./address-range.ts";
import { allowsPrivateTargets, type TargetPolicy } from "./target-policy.ts";

export type OutboundCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;

/** Parses with the WHATWG URL parser, which also turns 2130706433 or 0x7f.1 into 127.0.0.1. */
export function checkOutboundUrl(value: string, policy: TargetPolicy = {}): OutboundCheck {
  if (!URL.canParse(value)) return { ok: false, reason: "must be an absolute URL" };
  const url = new URL(value);
  const allowPrivate = allowsPrivateTargets(policy);
  const protocols = allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!protocols.includes(url.protocol)) return { ok: false, reason: `must use ${allowPrivate ? "http or https" : "https"}` };
  // Credentials in a stored URL leak into logs and error messages.
  if (url.username || url.password) return { ok: false, reason: "must not contain a user name or password" };
  const reason = checkOutboundHostname(url.hostname, { allowPrivate });
  return reason ? { ok: false, reason } : { ok: true, url };
}

/**
 * Why a host name, as the URL parser serialises it ("example.com", "127.0.0.1",
 * "[::1]"), may not be a target; null when it may.
 */
export function checkOutboundHostname(hostname: string, policy: TargetPolicy = {}): string | null {
  // "localhost." is the same name as "localhost".
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  if (!name) return "must have a host";
  if (allowsPrivateTargets(policy)) return null;
  if (name === "localhost" || name.endsWith(".localhost")) return "must not point to localhost";
  const literal = name.startsWith("[") ? name.slice(1, -1) : name;
  // ipaddr.js also reads the raw IPv4 forms (2130706433, 0x7f.1) for callers that did not parse.
  if (!ipaddr.isValid(literal)) return null;
  const verdict = classifyAddress(literal);
  return verdict.public ? null : `must not point to a non-public address (${verdict.range})`;
}

/** A URL the server will call: https only, public host. Outputs the normalised href that was checked. */
export function outboundUrlSchema(policy: TargetPolicy = {}) {
  return z
    .string()
    .max(MAX_URL_LENGTH)
    .transform((value, ctx) => {
      const check = checkOutboundUrl(value, policy);
      return check.ok ? check.url.href : refuse(ctx, check.reason);
    });
}

/** A bare host name or IP the server will connect to (an SMTP host). Outputs the normalised name. */
export function outboundHostSchema(policy: TargetPolicy = {}) {
  return z
    .string()
    .min(1)
    .max(253)
    .transform((value, ctx) => {
      const hostname = parseHost(value);
      if (hostname === null) return refuse(ctx, "must be a host name or IP address");
      const reason = checkOutboundHostname(hostname, policy);
      if (reason) return refuse(ctx, reason);
      return hostname.replace(/^\[(.*)\]$/, "$1");
    });
}

function refuse(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** Reuses the URL parser's host rules (IDNA, IPv4 forms) on a bare host; null if it is more than a host. */
function parseHost(value: string): string | null {
  const host = ipaddr.IPv6.isValid(value) ? `[${value}]` : value;
  if (!/^([^/?#@\\:\s]+|\[[0-9a-f:.]+\])$/i.test(host) || !URL.canParse(`https://${host}`)) return null;
  return new URL(`https://${host}`).hostname;
}

/** For request-body schemas: `z.object({ endpoint: outboundUrl })`. Reads the setting at parse time. */
export const outboundUrl = outboundUrlSchema();
export const outboundHost = outboundHostSchema();
