// next-auth for people: Credentials sign-in against scrypt hashes, JWT session cookies
// that each name a session row (server/auth/sessions.ts). Built lazily so `next build`
// needs no secrets. next-auth's own log lines go through our logger.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "../config/index.ts";
import { CLIENT_IP_HEADER } from "../http/client-ip.ts";
import { log } from "../log.ts";
import { findActiveSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions.ts";
import { signInWithPassword } from "./sign-in.ts";

export const SESSION_COOKIE_NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;

const credentials = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) });

/** Thrown by the jwt callback for a cookie whose session has ended: next-auth then clears it. */
class SessionEndedError extends Error {}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const result = await signInWithPassword({
            ...parsed.data,
            ip: headers[CLIENT_IP_HEADER] ?? "unknown",
            userAgent: headers["user-agent"],
          });
          if (!result.ok) return null;
          const { person, sessionId } = result;
          return { id: person.id, email: person.email, name: person.name, sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, sid: (user as { sessionId?: string }).sessionId };
        // Later reads of the cookie (the session endpoint): an ended session is no session.
        const active = typeof token.sid === "string" && token.sub ? await findActiveSession(token.sid, token.sub) : null;
        if (!active) throw new SessionEndedError("session ended");
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub });
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(token.sid, "signed_out");
      },
    },
    logger: {
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        if (err instanceof SessionEndedError) return log.debug({ code }, "next-auth: session ended");
        log.error({ code, err }, "next-auth error");
      },
      warn(code) {
        log.warn({ code }, "next-auth warning");
      },
      debug(code) {
        log.debug({ code }, "next-auth debug");
      },
    },
  };
  return cached;
}
