"use client";
// The console's calls to /api/v1/admin/… (with the session cookie): one error type that
// carries the server's code, message and field details, and a hook for loading (and
// optionally polling) one resource with its loading and error states.
import { useCallback, useEffect, useRef, useState } from "react";

export type FieldError = { path: string; message: string };

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field errors from a 422, keyed by field path. */
  get fields(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    return Object.fromEntries((this.details as FieldError[]).map((d) => [d.path, d.message]));
  }
}

export async function adminFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/admin/${path}`, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    throw new AdminApiError(0, "network", "Herald cannot be reached. Check your connection and try again.");
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const error = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
    throw new AdminApiError(res.status, error?.code ?? "internal", error?.message ?? `Request failed (${res.status})`, error?.details);
  }
  return body as T;
}

export type Resource<T> = { data: T | undefined; error: AdminApiError | undefined; loading: boolean; reload: () => void };

/** Loads `path` (again whenever it changes), and every `pollMs` when given. */
export function useAdminResource<T>(path: string | null, pollMs?: number): Resource<T> {
  // `for`: the path the data or error belongs to; loading while it is not the current one.
  const [state, setState] = useState<{ data?: T; error?: AdminApiError; for?: string | null }>({});
  const latest = useRef(0);
  const load = useCallback(() => {
    if (path === null) return;
    const call = ++latest.current;
    adminFetch<T>(path).then(
      (data) => call === latest.current && setState({ data, for: path }),
      (error: AdminApiError) => call === latest.current && setState((s) => ({ data: s.data, error, for: path })),
    );
  }, [path]);
  useEffect(() => {
    load();
    if (!pollMs) return;
    const timer = setInterval(load, pollMs);
    return () => clearInterval(timer);
  }, [load, pollMs]);
  return { data: state.data, error: state.error, loading: path !== null && state.for !== path, reload: load };
}

/** A form field's text ("" when absent or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
