// Route handler plumbing: read a JSON body safely, and turn any thrown error into the
// one error shape. Route handlers stay three lines: parse, authorize, call the domain.
import { ZodError, type ZodType, type z } from "zod";
import { AppError } from "../errors.ts";
import { log } from "../log.ts";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler so that every failure answers with the standard error body. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) log.error("request failed", { url: req.url, error: String(error) });
      return Response.json(appError.toBody(), { status: appError.status });
    }
  };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  return new AppError("internal", "Internal server error");
}

export function validationError(error: ZodError): AppError {
  const details = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError("validation_failed", "The request is not valid", details);
}

/** Reads and validates a JSON body, refusing oversized and malformed ones before parsing. */
export async function readJson<S extends ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}
