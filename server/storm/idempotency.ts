// Idempotent publishing (the IETF httpapi Idempotency-Key draft): a service sends a key with
// a publish and may retry it freely. Per API key, for 24 hours, the first response is kept
// with a hash of the request; the same key with the same body gets that response again and
// nothing new is stored, with another body 422, and while the first is still running 409.
// The record is written in the publish's own transaction: a crash leaves both or neither.
// Concurrent requests meet on a transaction-scoped advisory lock of (API key, key).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { PoolClient } from "pg";
import { sql } from "../db/index.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import {
  announcePublish,
  countPublish,
  planPublish,
  publishResponse,
  uncountPublish,
  writePublish,
  type PublishNotificationInput,
} from "../notifications/publish-notification.ts";
import type { WrittenItem } from "./write-storm.ts";

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_TTL_HOURS = 24;

export type IdempotentRequest = { apiKeyId: string; key: string; input: PublishNotificationInput };
export type StoredResponse = { status: number; body: unknown };

/**
 * The Idempotency-Key header field, if any. The draft defines it as a Structured Field
 * String ("…"); a bare token is accepted too. 1-255 visible ASCII characters.
 */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers["idempotency-key"];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  // A quoted String's escapes (\" and \\) are undone.
  const key = /^".*"$/.test(value) ? value.slice(1, -1).replace(/\\(["\\])/g, "$1") : value;
  const problem =
    key.length === 0
      ? "must not be empty"
      : key.length > IDEMPOTENCY_KEY_MAX_LENGTH
        ? `at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`
        : /^[\x20-\x7e]+$/.test(key)
          ? undefined
          : "only printable ASCII characters";
  if (problem) throw new AppError("validation_failed", "The request is not valid", [{ path: "headers.Idempotency-Key", message: problem }]);
  return key;
}

/**
 * The request's fingerprint: SHA-256 of the validated body as canonical JSON (every
 * object's keys sorted, at every depth; arrays keep their order), so the same body with its
 * keys in another order, at the top or deep in `data`, is the same request.
 */
export const hashOf = (input: PublishNotificationInput) => createHash("sha256").update(JSON.stringify(sortedKeys(input))).digest("hex");

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

type KeyRow = { request_hash: string; status: number; response: unknown };

const FIND = {
  name: "idempotency-find",
  text: `SELECT request_hash, status, response FROM idempotency_keys
         WHERE api_key_id = $1 AND key = $2 AND created_at > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
};

function replay(row: KeyRow, hash: string): StoredResponse {
  // A hash of the caller's own body, not a secret: compared in constant time all the same.
  if (!timingSafeEqual(Buffer.from(row.request_hash), Buffer.from(hash))) {
    throw new AppError("validation_failed", "This Idempotency-Key was used with a different request", [
      { path: "headers.Idempotency-Key", message: "already used with another body; use a new key for a new request" },
    ]);
  }
  return { status: row.status, body: row.response };
}

/** Publishes once per (API key, key): the first response, or that response again. */
export async function publishIdempotently(request: IdempotentRequest, startedAt: number): Promise<StoredResponse> {
  const hash = hashOf(request.input);
  // A retry after the first finished is answered without routing or counting anything.
  const earlier = await sql().query<KeyRow>({ ...FIND, values: [request.apiKeyId, request.key] });
  if (earlier.rows[0]) return replay(earlier.rows[0], hash);
  // Routed before the transaction (it reads, counts nothing), so the transaction's
  // connection never waits on another from the pool.
  const prepared = await planPublish(request.input, { apiKeyId: request.apiKeyId });
  const outcome = await withTransaction(async (client): Promise<{ stored: StoredResponse } | { written: WrittenItem[] }> => {
    await claim(client, request);
    const found = await client.query<KeyRow>({ ...FIND, values: [request.apiKeyId, request.key] });
    if (found.rows[0]) return { stored: replay(found.rows[0], hash) };
    // Counted against the rate limit only now, holding the key: a request refused with 409
    // or answered with a replay never used up anyone's share of the minute.
    await countPublish(prepared);
    const written = await writePublish(client, prepared);
    await client.query({
      name: "idempotency-save",
      text: `INSERT INTO idempotency_keys (api_key_id, key, request_hash, status, response) VALUES ($1, $2, $3, $4, $5::jsonb)
             ON CONFLICT (api_key_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status,
               response = EXCLUDED.response, created_at = now()`,
      // The response's ids are the written rows' (announcePublish only adds the events).
      values: [request.apiKeyId, request.key, hash, 202, JSON.stringify(responseOf(written))],
    });
    return { written };
  }).catch(async (error: unknown) => {
    // Failed (422 for an unknown recipient, or the database): it reached nobody.
    await uncountPublish(prepared);
    throw error;
  });
  if ("stored" in outcome) return outcome.stored;
  return { status: 202, body: publishResponse(announcePublish(outcome.written, startedAt)) };
}

const responseOf = (written: WrittenItem[]) =>
  publishResponse(written.map((w) => ({ notification: { id: w.row.id, userId: w.row.user_id }, partId: w.storedId !== w.row.id ? w.storedId : undefined })));

/** 409 while another request with this key is running (its transaction holds the lock). */
async function claim(client: PoolClient, request: IdempotentRequest): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>({
    name: "idempotency-claim",
    text: "SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0)) AS ok",
    values: [request.apiKeyId, request.key],
  });
  if (!rows[0].ok) {
    const error = new AppError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly");
    error.retryAfterSeconds = 1;
    throw error;
  }
}

/** Forgets keys past 24 hours (the retention sweep). */
export async function pruneIdempotencyKeys(): Promise<number> {
  const { rowCount } = await sql().query(
    `DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
  );
  return rowCount ?? 0;
}
