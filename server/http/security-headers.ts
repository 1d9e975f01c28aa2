// Security headers for every page and API response (implemented in the security issue).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config/index.ts";

export function applySecurityHeaders(_req: IncomingMessage, _res: ServerResponse, _config: Config): void {}
