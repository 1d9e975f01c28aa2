// Where a notification may take a person, decided again in the browser: rows stored before
// the API checked actionUrl may hold hostile values, so nothing is linked on trust. Pure
// (no window), so server rendering and the browser decide the same way.

export type ResolvedActionUrl = {
  /** What to put in the link: a same-origin path, or an absolute URL of another origin. */
  href: string;
  /** Another site: open it in a new tab, without opener or referrer, and say so. */
  external: boolean;
};

// The URL parser drops tab and newline anywhere and spaces at the ends, which turns
// "/\t/evil.example" into "//evil.example": such values are never linked.
// Matching control characters is this pattern's purpose.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_EDGE_SPACE = /[\u0000-\u001f\u007f]|^ | $/;

/**
 * `{ href, external: false }` for a path ("/…") that resolves to `pageOrigin`, or an absolute
 * URL of that origin; `{ href, external: true }` for an absolute http(s) URL with a host and
 * no credentials on another origin; null for everything else ("//evil.example", "/\evil",
 * "javascript:…", "http://" without a host, …), which must not be a link at all.
 */
export function resolveActionUrl(value: string | null | undefined, pageOrigin: string): ResolvedActionUrl | null {
  if (!value || CONTROL_OR_EDGE_SPACE.test(value)) return null;
  const origin = parse(pageOrigin)?.origin;
  if (!origin || origin === "null") return null;
  if (value.startsWith("/")) {
    const url = parse(value, origin);
    return url?.origin === origin ? samePage(url, origin) : null;
  }
  const url = parse(value);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.host === "") return null;
  if (url.username !== "" || url.password !== "") return null;
  return url.origin === origin ? samePage(url, origin) : { href: url.href, external: true };
}

// The link carries what the parser understood, and only if reading it back stays on the
// origin ("/.//evil.example" resolves to the path "//evil.example", another host as a link).
function samePage(url: URL, origin: string): ResolvedActionUrl | null {
  const href = url.pathname + url.search + url.hash;
  return parse(href, origin)?.origin === origin ? { href, external: false } : null;
}

function parse(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}
