// The signed-in person's own account. Only with the session cookie of Herald's pages: a
// user token can be minted by any service key, and a password is the person's alone.
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { changePassword } from "../../users/change-password.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../users/set-password.ts";
import { route, type ApiRoute } from "../api-router.ts";
import { CLIENT_IP_HEADER } from "../client-ip.ts";

const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});

export const accountRoutes: ApiRoute[] = [
  route({
    // POST /api/v1/me/password - { currentPassword, newPassword }; ends every session of the person
    auth: "user",
    method: "POST",
    path: "/api/v1/me/password",
    handler: async ({ caller, raw, body }) => {
      if (caller.via !== "session") throw new AppError("forbidden", "A password can be changed only from a signed-in browser session, never with a user token");
      const input = await body(passwordChangeBody, 8 * 1024);
      const ip = String(raw.headers[CLIENT_IP_HEADER] ?? "unknown");
      return { status: 200, body: await changePassword({ userId: caller.userId, ip, ...input }) };
    },
  }),
];
