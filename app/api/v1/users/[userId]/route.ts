// PUT /api/v1/users/{userId} - create or update a user the SaaS knows (email, name).
import { z } from "zod";
import { authenticateApiKey } from "@/server/auth/api-keys.ts";
import { json, readJson, route } from "@/server/http/respond.ts";
import { upsertUser } from "@/server/users/upsert-user.ts";
import { userIdParam } from "@/server/http/params.ts";

const upsertUserBody = z.strictObject({
  email: z.email().max(320).nullable().optional(),
  name: z.string().trim().min(1).max(200).nullable().optional(),
});

export const PUT = route(async (req, ctx: { params: Promise<{ userId: string }> }) => {
  await authenticateApiKey(req);
  const userId = userIdParam.parse((await ctx.params).userId);
  const body = await readJson(req, upsertUserBody, 16 * 1024);
  const { user, created } = await upsertUser({ id: userId, ...body });
  return json({ user }, created ? 201 : 200);
});
