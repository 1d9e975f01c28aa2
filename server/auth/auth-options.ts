// next-auth for people: Credentials sign-in against scrypt hashes, JWT sessions.
// Built lazily so `next build` needs no secrets.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "../config/index.ts";
import { authenticatePerson } from "./authenticate-person.ts";

export const SESSION_COOKIE_NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

const credentials = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) });

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getConfig().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const person = await authenticatePerson(parsed.data.email, parsed.data.password);
          return person ? { id: person.id, email: person.email, name: person.name, role: person.role } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: string }).role ?? "user";
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, role: token.role ?? "user" });
        return session;
      },
    },
  };
  return cached;
}
