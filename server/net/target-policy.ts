// Whether outbound calls may reach private networks. Read at each check, not at import,
// so the setting is the one in force when a URL is stored or a socket connects.
import { getConfig } from "../config/index.ts";

export type TargetPolicy = {
  /** Allow private, loopback and link-local targets and http://. Default: ALLOW_PRIVATE_NETWORK_TARGETS. */
  allowPrivate?: boolean;
};

export function allowsPrivateTargets(policy: TargetPolicy = {}): boolean {
  return policy.allowPrivate ?? getConfig().allowPrivateNetworkTargets;
}
