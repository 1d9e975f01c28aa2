// A browser session as next-auth would make one at sign-in: a session row and a cookie
// (an encrypted JWT naming that row) signed with the test servers' AUTH_SECRET.
import { encode } from "next-auth/jwt";
import { createSession } from "../../server/auth/sessions.ts";
import { TEST_AUTH_SECRET } from "./herald-process.ts";

export type TestSession = { sessionId: string; cookie: string };

export async function sessionCookie(userId: string): Promise<TestSession> {
  const sessionId = await createSession({ userId });
  const jwt = await encode({ token: { sub: userId, name: userId, sid: sessionId }, secret: TEST_AUTH_SECRET });
  return { sessionId, cookie: `next-auth.session-token=${jwt}` };
}
