// Reads a JSON request body: the media type is checked, the declared and the actual size
// are capped before anything is parsed, the parsed value is checked for text PostgreSQL
// cannot store and for hostile nesting, then validated with a zod schema.
import type { IncomingMessage } from "node:http";
import type { ZodType, z } from "zod";
import { AppError } from "../errors.ts";
import { jsonProblem } from "./clean-input.ts";
import { validationError } from "./errors.ts";

export async function readJson<S extends ZodType>(req: IncomingMessage, schema: S, maxBytes: number): Promise<z.output<S>> {
  if (mediaType(req.headers["content-type"]) !== "application/json") {
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  const problem = jsonProblem(json);
  if (problem) throw new AppError("validation_failed", "The request is not valid", [problem]);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** `application/json; charset=utf-8` -> `application/json`; exact, so `application/jsonfoo` is not JSON. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);
}
