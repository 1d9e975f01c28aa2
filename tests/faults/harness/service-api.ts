// The service API as a SaaS backend calls it: one API key (created through the domain, as
// an operator's `npm run api-key:create` does), sent to whichever instance is asked.
import { createApiKey } from "../../../server/auth/api-keys.ts";

export type ServiceApi = {
  key: string;
  request: (baseUrl: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any; headers: Headers }>;
};

export async function serviceApi(name: string): Promise<ServiceApi> {
  const { secret } = await createApiKey(name);
  return {
    key: secret,
    request: async (baseUrl, method, path, body) => {
      const res = await fetch(baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
  };
}

/** Mints a user token through the service API (what a SaaS backend's token endpoint does). */
export async function mintToken(api: ServiceApi, baseUrl: string, userId: string): Promise<string> {
  const res = await api.request(baseUrl, "POST", `/api/v1/users/${encodeURIComponent(userId)}/token`);
  if (res.status !== 201) throw new Error(`token for ${userId} on ${baseUrl}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
