/**
 * The cross-site request check of the web chat's state-changing routes. A hostile page can make a
 * visitor's browser POST to our address (a form, or fetch with a "simple" content type, needs no
 * CORS permission); the browser tells us where the request comes from in `Sec-Fetch-Site` and
 * `Origin`, which pages cannot forge.
 */

/** The request headers the decision reads (lower-case names, `undefined` when absent). */
export interface OriginHeaders {
  origin: string | undefined;
  secFetchSite: string | undefined;
  host: string | undefined;
}

/**
 * True only when the browser says the request comes from our own page: `Sec-Fetch-Site`, when
 * sent, is `same-origin`; `Origin`, when sent, names the host the request was sent to (its Host
 * header; the scheme is not compared, because a TLS proxy in front turns https into http). A
 * request with neither header is refused: every browser that runs our page sends at least one
 * on a POST, so only non-browser clients are affected, and they can send `Origin` themselves.
 */
export function isSameOriginRequest(headers: OriginHeaders): boolean {
  const { origin, secFetchSite, host } = headers;
  if (origin === undefined && secFetchSite === undefined) return false;
  if (secFetchSite !== undefined && secFetchSite.trim().toLowerCase() !== "same-origin") return false;
  if (origin === undefined) return true;
  if (host === undefined) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
  return originHost !== "" && originHost === host.trim().toLowerCase();
}
