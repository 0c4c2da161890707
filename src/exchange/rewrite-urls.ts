const ORIGIN = /^https?:\/\/[^/]+/;

/**
 * `urls.api` with every URL's origin replaced by `baseUrl`, keeping its path (`/api/v3`,
 * `/fapi/v1`…). Exchanges nest these objects (by market type or access), so it recurses.
 */
export function rewriteApiUrls(api: unknown, baseUrl: string): unknown {
  const base = baseUrl.replace(/\/+$/, '');
  if (typeof api === 'string') return api.replace(ORIGIN, base);
  if (Array.isArray(api)) return api.map((item) => rewriteApiUrls(item, base));
  if (api !== null && typeof api === 'object') {
    return Object.fromEntries(Object.entries(api).map(([key, value]) => [key, rewriteApiUrls(value, base)]));
  }
  return api;
}
