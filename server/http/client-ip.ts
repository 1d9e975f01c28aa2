// The client's IP address, decided once per request by the custom server and passed on to
// Next (sign-in throttling reads it there) in a header that no client can set: whatever a
// request brings in that header is overwritten.
import type { IncomingMessage } from "node:http";
import type { Config } from "../config/index.ts";

export const CLIENT_IP_HEADER = "x-herald-client-ip";

export function clientIp(req: IncomingMessage, config: Pick<Config, "trustProxy">): string {
  if (config.trustProxy) {
    // The proxy appends the address it saw; earlier entries are the client's own claims.
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded.length > 0) return forwarded[forwarded.length - 1].slice(0, 64);
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

export function stampClientIp(req: IncomingMessage, config: Pick<Config, "trustProxy">): string {
  const ip = clientIp(req, config);
  req.headers[CLIENT_IP_HEADER] = ip;
  return ip;
}
