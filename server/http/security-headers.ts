// Security headers for every response, set first thing in the one request listener.
// Pages get a nonce-based Content-Security-Policy: the nonce goes into the response
// header and into the request's `content-security-policy` header, which is where Next
// reads it from to put it on its <script> tags. API answers, probes and build assets are not
// documents, so they get a policy that allows nothing and no nonce work.
import { randomFillSync } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config/index.ts";
import { API_PREFIX } from "./api-router.ts";
import { observabilityPath } from "../observability/endpoints.ts";

type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export type SecurityHeaders = {
  /** JSON API answers and hashed build assets: nothing to run, nothing to frame. */
  resource: HeaderList;
  /** Pages, next-auth and everything else Next serves, apart from the CSP. */
  page: HeaderList;
  /** The page Content-Security-Policy for one nonce. */
  pageCsp: (nonce: string) => string;
};

const STATIC_PREFIX = "/_next/static/";

// Off: powerful features Herald never uses. Notifications and Push are not
// policy-controlled features, so web push stays possible. Only names Chromium knows:
// an unknown one logs an error on every page.
const PERMISSIONS_POLICY = [
  "accelerometer",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
  "xr-spatial-tracking",
  "browsing-topics",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Everything except the nonce, worked out once per config. */
export function buildSecurityHeaders(config: Pick<Config, "env" | "publicUrl">): SecurityHeaders {
  const publicUrl = new URL(config.publicUrl);
  const https = publicUrl.protocol === "https:";
  // 'self' covers same-origin WebSockets in current browsers; the explicit ws(s): origin
  // covers older ones and a page reached through PUBLIC_URL.
  const socketOrigin = publicUrl.origin.replace(/^http/, "ws");
  const common: [string, string][] = [
    ["x-content-type-options", "nosniff"],
    ["x-frame-options", "DENY"],
    ["referrer-policy", "strict-origin-when-cross-origin"],
    ["permissions-policy", PERMISSIONS_POLICY],
  ];
  // No includeSubDomains: other applications may share the domain and may not speak https.
  if (https) common.push(["strict-transport-security", "max-age=31536000"]);

  const before = "default-src 'self'; script-src 'self' 'nonce-";
  const after = [
    // 'strict-dynamic' lets the nonced bootstrap load the rest of Next's chunks; React's
    // dev build needs eval for its debugging aids, production never does.
    `' 'strict-dynamic'${config.env === "development" ? " 'unsafe-eval'" : ""}`,
    // Inline styles stay allowed: React style attributes (Next's own not-found and error
    // pages among them) and UI primitives set them, and a nonce cannot cover attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  return {
    resource: [["content-security-policy", "default-src 'none'; frame-ancestors 'none'"], ...common],
    page: [
      ...common,
      ["cross-origin-opener-policy", "same-origin"],
    ],
    pageCsp: (nonce) => before + nonce + after,
  };
}

// Nonces come from a pool of random bytes refilled 256 nonces at a time: a fresh
// randomBytes(16) per page costs ~3 µs, a slice of the pool ~0.1 µs. Each byte is used once.
const NONCE_BYTES = 16;
const pool = Buffer.allocUnsafe(NONCE_BYTES * 256);
let poolOffset = pool.length;

/** A fresh 128-bit nonce, base64 (the form Next's nonce parser accepts). */
export function createNonce(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const nonce = pool.toString("base64", poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

const built = new WeakMap<Config, SecurityHeaders>();

function headersFor(config: Config): SecurityHeaders {
  let headers = built.get(config);
  if (!headers) built.set(config, (headers = buildSecurityHeaders(config)));
  return headers;
}

/** The headers of a response that is not a page (API, static files, Socket.IO's HTTP answers). */
export function resourceSecurityHeaders(config: Config): Record<string, string> {
  return Object.fromEntries(headersFor(config).resource);
}

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, config: Config): void {
  const headers = headersFor(config);
  const url = req.url ?? "/";
  if (url.startsWith(API_PREFIX) || url.startsWith(STATIC_PREFIX) || observabilityPath(url)) {
    for (const [name, value] of headers.resource) res.setHeader(name, value);
    return;
  }
  for (const [name, value] of headers.page) res.setHeader(name, value);
  const csp = headers.pageCsp(createNonce());
  res.setHeader("content-security-policy", csp);
  // Next takes the nonce for its scripts from this request header. Whatever the client
  // sent is replaced, and a report-only one (which Next would also read) removed.
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
}
