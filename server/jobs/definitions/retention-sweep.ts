// The retention sweep: deletes notifications past the age limit and over the per-user cap
// (server/inbox/enforce-retention.ts), on RETENTION_SWEEP_CRON.
import { z } from "zod";
import { getConfig } from "../../config/index.ts";
import { enforceRetention } from "../../inbox/enforce-retention.ts";
import { log } from "../../log.ts";
import { pruneIdempotencyKeys } from "../../storm/idempotency.ts";
import type { JobDefinition } from "../queue.ts";

const payload = z.strictObject({});

export const retentionSweep: JobDefinition<typeof payload> = {
  name: "retention.sweep",
  payload,
  cron: () => getConfig().retention.sweepCron,
  queue: {
    // At most one sweep queued and one running across all instances: extra sends are dropped.
    policy: "stately",
    // No retries: the next scheduled sweep is the retry.
    retryLimit: 0,
    // A first sweep over a large backlog may take a while; pg-boss fails jobs running past this.
    expireInSeconds: 60 * 60,
  },
  async handle(_payload, { signal }) {
    const started = Date.now();
    const result = await enforceRetention({ signal });
    // Idempotency keys are kept 24 hours (docs/api.md).
    const idempotencyKeys = await pruneIdempotencyKeys();
    log.info({ ...result, idempotencyKeys, aborted: signal.aborted, ms: Date.now() - started }, "retention sweep");
  },
};
