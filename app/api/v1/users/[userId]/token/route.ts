// POST /api/v1/users/{userId}/token - mint a short-lived JWT for that user's client
// (Socket.IO `auth: { token }`, and `Authorization: Bearer` on the user API).
import { authenticateApiKey } from "@/server/auth/api-keys.ts";
import { mintUserToken } from "@/server/auth/user-token.ts";
import { json, route } from "@/server/http/respond.ts";
import { userIdParam } from "@/server/http/params.ts";
import { requireUser } from "@/server/users/upsert-user.ts";

export const POST = route(async (req, ctx: { params: Promise<{ userId: string }> }) => {
  await authenticateApiKey(req);
  const user = await requireUser(userIdParam.parse((await ctx.params).userId));
  return json(await mintUserToken(user.id), 201);
});
