// GET|POST /api/auth/* - next-auth's sign-in, sign-out, session and CSRF endpoints, behind
// a guard for sign-in throttling and the requests next-auth itself mishandles.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth/auth-options.ts";
import { errorResponse, guardAuthRequest } from "@/server/auth/guard-auth-request.ts";
import { AppError } from "@/server/errors.ts";
import { log } from "@/server/log.ts";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  try {
    const refused = await guardAuthRequest(req, (await ctx.params).nextauth ?? []);
    if (refused) return refused;
    return (await NextAuth(req as never, ctx as never, getAuthOptions())) as Response;
  } catch (err) {
    log.error({ err, path: new URL(req.url).pathname }, "auth request failed");
    return errorResponse(new AppError("internal", "Internal server error"));
  }
}

export { handler as GET, handler as POST };
