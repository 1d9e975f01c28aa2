// Signs in and out over HTTP exactly as next-auth's browser client does (CSRF token, form
// post, cookies), so tests exercise the real sign-in route, throttling and sessions.

export type SignInAnswer = { status: number; body: any; retryAfter: string | null; cookie: string | null };

type Headers = Record<string, string>;

function cookiesFrom(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

async function csrf(baseUrl: string, headers: Headers = {}): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = cookiesFrom(res).find((c) => c.includes("csrf-token"));
  if (!cookie) throw new Error("no CSRF cookie");
  return { token: csrfToken, cookie };
}

/** POSTs the sign-in form; `cookie` is the session cookie when it succeeded. */
export async function signInOverHttp(baseUrl: string, email: string, password: string, headers: Headers = {}): Promise<SignInAnswer> {
  const { token, cookie: csrfCookie } = await csrf(baseUrl, headers);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken: token, callbackUrl: baseUrl, json: "true" }),
  });
  const text = await res.text();
  const session = cookiesFrom(res).find((c) => c.startsWith("next-auth.session-token=") && c.length > "next-auth.session-token=".length);
  return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get("retry-after"), cookie: session ?? null };
}

/** Signs the session out through next-auth's sign-out endpoint. */
export async function signOutOverHttp(baseUrl: string, sessionCookie: string): Promise<number> {
  const { token, cookie: csrfCookie } = await csrf(baseUrl, { cookie: sessionCookie });
  const res = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${sessionCookie}; ${csrfCookie}` },
    body: new URLSearchParams({ csrfToken: token, callbackUrl: baseUrl, json: "true" }),
  });
  await res.text();
  return res.status;
}
