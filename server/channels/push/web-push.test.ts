// The web-push provider against the shared push provider contract.
import { createGuardedAgent } from "../../net/guarded-agent.ts";
import { pushProviderContract } from "./push-provider.contract.ts";
import { createWebPushProvider } from "./web-push.ts";

pushProviderContract("web-push", ({ vapid, allowPrivate, ca, resolve, timeoutMs }) =>
  createWebPushProvider({ vapid, agent: createGuardedAgent({ allowPrivate, resolve, ca }), timeoutMs }),
);
