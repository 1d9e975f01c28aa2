import { z } from "zod";
import { UNSUBSCRIBE_PAGE_PATH, unsubscribeByToken } from "../../channels/email/unsubscribe.ts";
import { AppError } from "../../errors.ts";
import { route, type ApiRoute } from "../api-router.ts";

const token = z.string().min(1).max(1024);

function tokenFrom(query: URLSearchParams): string {
  const parsed = token.safeParse(query.get("token") ?? "");
  if (!parsed.success) throw new AppError("validation_failed", "The request is not valid", [{ path: "query.token", message: "the unsubscribe token is missing or too long" }]);
  return parsed.data;
}

export const unsubscribeRoutes: ApiRoute[] = [
  // POST /api/v1/unsubscribe?token= - one-click unsubscribe (RFC 8058) from an email's List-Unsubscribe
  // header: no sign-in, the token names the person and type. The body (List-Unsubscribe=One-Click) is not needed.
  route({
    method: "POST",
    path: "/api/v1/unsubscribe",
    auth: "public",
    handler: async ({ query }) => ({ status: 200, body: { preference: await unsubscribeByToken(tokenFrom(query)) } }),
  }),
  // GET /api/v1/unsubscribe?token= - a mail client that opens the header's link in a browser: the page
  // for people, which asks before it changes anything (mail scanners fetch links too).
  route({
    method: "GET",
    path: "/api/v1/unsubscribe",
    auth: "public",
    handler: async ({ query }) => ({
      status: 303,
      body: undefined,
      headers: { location: `${UNSUBSCRIBE_PAGE_PATH}?token=${encodeURIComponent(tokenFrom(query))}` },
    }),
  }),
];
