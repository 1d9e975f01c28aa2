// What PostgreSQL and every client downstream can store and show: text without NUL
// characters and without lone UTF-16 surrogates, and JSON nested no deeper than a
// notification needs. Checked once at the edge (bodies, path segments, query strings), so
// hostile input is a 422 instead of a database error deep inside a transaction.

export const MAX_JSON_DEPTH = 32;

// In a /u regex a surrogate pair is one code point, so this matches only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

export type InputProblem = { path: string; message: string };

/** Why this text cannot be accepted, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain NUL (\\u0000) characters";
  if (LONE_SURROGATE.test(text)) return "must be well-formed Unicode (no lone surrogates)";
  return undefined;
}

/** The first problem in a parsed JSON value (strings, keys and depth), or undefined. */
export function jsonProblem(root: unknown): InputProblem | undefined {
  // Iterative, so hostile nesting cannot exhaust the stack before the depth check stops it.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const message = textProblem(value);
      if (message) return { path, message };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return { path, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const message = textProblem(key);
      if (message) return { path: childPath, message: `key ${message}` };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}
