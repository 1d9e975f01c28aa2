import { z } from "zod";

export const userIdParam = z.string().min(1, "userId is required").max(200, "userId is at most 200 characters");
