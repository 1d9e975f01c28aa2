// The one place that maps errors to HTTP: AppError keeps its code, ZodError becomes 422
// with field details, an unreachable database is a 503 with Retry-After, anything else is
// a logged 500 that reveals nothing.
import { ZodError } from "zod";
import { databaseUnavailableError, isDatabaseUnavailable } from "../db/unavailable.ts";
import { AppError } from "../errors.ts";

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (isDatabaseUnavailable(error)) return databaseUnavailableError(error);
  return new AppError("internal", "Internal server error");
}

export function validationError(error: ZodError): AppError {
  const details = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError("validation_failed", "The request is not valid", details);
}
