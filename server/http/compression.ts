// Response compression for when no reverse proxy does it (COMPRESS, server/config): Next's
// pages and static chunks, and /api/v1 JSON of at least 1 KB (a feed page). Only GET and
// HEAD pass through it: publishing (POST /api/v1/notifications) answers ~200 bytes, where
// gzip cost more latency than it saved (docs/benchmarks.md), so that path is untouched.
import compression from "compression";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Smaller bodies go out as they are. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

type Next = () => void;
export type Compressor = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

export function createCompressor(enabled: boolean): Compressor {
  if (!enabled) return (_req, _res, next) => next();
  const middleware = compression({ threshold: COMPRESS_THRESHOLD_BYTES });
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    // The package is written for Express, whose req/res are Node's plus extras it does not use here.
    middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], () => next());
  };
}
