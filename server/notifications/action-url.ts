// A notification's actionUrl is where the bell, the feed and the toasts send a person, so
// it must never be an open redirect. Everything is decided by the WHATWG URL parser (the
// one browsers use), not by string prefixes: a path must resolve to PUBLIC_URL's origin,
// an absolute URL must be http(s) with a host and an allowed origin. What is stored is
// what the parser understood, so the browser follows exactly what was checked.
import { z } from "zod";
import { getConfig } from "../config/index.ts";

export const MAX_ACTION_URL_LENGTH = 2000;

export type ActionUrlPolicy = {
  /** Paths resolve against this URL and must stay on its origin. */
  publicUrl: string;
  /** Origins an absolute URL may point to, or "*" for any http(s) host. PUBLIC_URL's origin is always allowed. */
  allowedOrigins: readonly string[] | "*";
};

export type ActionUrlCheck = { ok: true; value: string } | { ok: false; reason: string };

// C0 controls and DEL: the URL parser silently drops tab and newline anywhere, so
// "/\t/evil.example" would mean "//evil.example". Refused rather than second-guessed.
// Matching control characters is this pattern's purpose.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkActionUrl(value: string, policy: ActionUrlPolicy): ActionUrlCheck {
  if (CONTROL.test(value)) return refuse("must not contain control characters (tab, newline, …)");
  if (value.startsWith(" ") || value.endsWith(" ")) return refuse("must not start or end with a space");
  const base = new URL(policy.publicUrl);
  return value.startsWith("/") ? checkPath(value, base) : checkAbsolute(value, base, policy.allowedOrigins);
}

function checkPath(value: string, base: URL): ActionUrlCheck {
  const url = parse(value, base);
  if (!url || url.origin !== base.origin) {
    return refuse(`a path must stay on ${base.origin}: "//" or "/\\" at its start would lead to another host`);
  }
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example" resolves on our origin to the path "//evil.example", which read
  // back as a link is another host: what is stored must stay on the origin when read again.
  if (parse(path, base)?.origin !== base.origin) return refuse('a path must not resolve to one starting with "//"');
  return withinLength(path);
}

function checkAbsolute(value: string, base: URL, allowed: ActionUrlPolicy["allowedOrigins"]): ActionUrlCheck {
  const url = parse(value);
  if (!url) {
    return /^https?:/i.test(value)
      ? refuse("an http(s) URL must have a valid host")
      : refuse("must be a path starting with / or an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`only http: and https: URLs are allowed, not ${url.protocol}`);
  if (url.host === "") return refuse("an http(s) URL must have a host");
  if (url.username !== "" || url.password !== "") return refuse("must not contain a username or password");
  if (!isAllowedOrigin(url.origin, base, allowed)) {
    return refuse(`the origin ${url.origin} is not allowed: add it to ACTION_URL_ORIGINS, or use a path`);
  }
  return withinLength(url.href);
}

function isAllowedOrigin(origin: string, base: URL, allowed: ActionUrlPolicy["allowedOrigins"]): boolean {
  if (allowed === "*" || origin === base.origin) return true;
  return allowed.some((entry) => parse(entry)?.origin === origin);
}

// Normalising can lengthen a value (percent-encoding): the limit holds for what is stored.
function withinLength(value: string): ActionUrlCheck {
  return value.length <= MAX_ACTION_URL_LENGTH ? { ok: true, value } : refuse(`at most ${MAX_ACTION_URL_LENGTH} characters once normalised`);
}

function parse(value: string, base?: URL): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

function refuse(reason: string): ActionUrlCheck {
  return { ok: false, reason };
}

function configuredPolicy(): ActionUrlPolicy {
  const config = getConfig();
  return { publicUrl: config.publicUrl, allowedOrigins: config.actionUrlOrigins };
}

/** The actionUrl field: checked against the policy (read when a body is validated), output normalised. */
export function actionUrlSchema(policy: () => ActionUrlPolicy = configuredPolicy) {
  return z
    .string()
    .max(MAX_ACTION_URL_LENGTH, `at most ${MAX_ACTION_URL_LENGTH} characters`)
    .transform((value, ctx) => {
      const result = checkActionUrl(value, policy());
      if (result.ok) return result.value;
      ctx.addIssue({ code: "custom", message: result.reason });
      return z.NEVER;
    });
}
