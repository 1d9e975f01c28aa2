// Runs in front of next-auth's route handler: what next-auth itself would answer with a
// 500 or cannot do (a GET on the credentials callback, a body that is not a form), and
// sign-in throttling, which must refuse with 429 and Retry-After before next-auth checks
// the password at all.
import { getConfig } from "../config/index.ts";
import { AppError } from "../errors.ts";
import { CLIENT_IP_HEADER } from "../http/client-ip.ts";
import { signInRetryAfter } from "./sign-in-throttle.ts";

export async function guardAuthRequest(req: Request, action: string[]): Promise<Response | null> {
  if (action[0] !== "callback" || action[1] !== "credentials") return null;
  if (req.method !== "POST") {
    return errorResponse(new AppError("method_not_allowed", "Sign in with POST"), { allow: "POST" });
  }
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return errorResponse(new AppError("unsupported_media_type", "Content-Type must be application/x-www-form-urlencoded"));
  }
  let email: string;
  try {
    const value = (await req.clone().formData()).get("email");
    email = typeof value === "string" ? value.slice(0, 320) : "";
  } catch {
    return errorResponse(new AppError("bad_request", "The form could not be read"));
  }
  const ip = req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const retryAfter = await signInRetryAfter({ email, ip });
  if (retryAfter === 0) return null;
  const error = new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.`, {
    retryAfterSeconds: retryAfter,
  });
  // `url` is what next-auth's signIn() reads its error from.
  const url = `${getConfig().publicUrl}/signin?error=TooManyAttempts&retryAfter=${retryAfter}`;
  return errorResponse(error, { "retry-after": String(retryAfter) }, { url });
}

export function errorResponse(error: AppError, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ ...error.toBody(), ...extra }), {
    status: error.status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}
