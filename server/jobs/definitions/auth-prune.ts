// Housekeeping for sign-in: failed attempts older than the throttle window, and sessions
// that ended (expired or revoked) more than 30 days ago, which only the admin console's
// history still shows until then.
import { z } from "zod";
import { pruneSignInFailures } from "../../auth/sign-in-throttle.ts";
import { pruneEndedSessions } from "../../auth/sessions.ts";
import { log } from "../../log.ts";
import type { JobDefinition } from "../queue.ts";

const payload = z.strictObject({});

export const authPrune: JobDefinition<typeof payload> = {
  name: "auth.prune",
  payload,
  cron: () => "*/10 * * * *",
  queue: { policy: "stately", retryLimit: 0, expireInSeconds: 10 * 60 },
  async handle() {
    const failures = await pruneSignInFailures();
    const sessions = await pruneEndedSessions(30);
    if (failures + sessions > 0) log.info({ failures, sessions }, "auth prune");
  },
};
