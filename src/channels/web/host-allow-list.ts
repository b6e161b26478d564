/**
 * The Host names the web chat answers to. A page on another site can make a visitor's browser
 * talk to our address under its own name (DNS rebinding: `evil.example` resolving to 127.0.0.1);
 * the browser then treats our answers as same-origin to that site. Checking the Host header against
 * a list of our own names closes that door, on every web chat route, GET included.
 */

/** One ALLOWED_HOSTS entry: a name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
export const HOST_ENTRY_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** The names every loopback client may use, on any port. */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * The list used when ALLOWED_HOSTS is unset: the loopback names plus the configured listen
 * address (`HOST`), each on any port. An IPv6 HOST is bracketed as it appears in a Host header.
 */
export function defaultAllowedHosts(listenHost: string): string[] {
  const host = listenHost.trim().toLowerCase();
  const asHeader = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return [...new Set([...LOOPBACK_NAMES, asHeader])];
}

/**
 * Matches Host headers against entries of the form `host` (any port) or `host:port` (that port
 * only). Names are compared without case; a missing or malformed Host header never matches.
 */
export class HostAllowList {
  readonly #anyPort = new Set<string>();
  readonly #exact = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!HOST_ENTRY_PATTERN.test(entry)) throw new Error(`not a host or host:port: ${JSON.stringify(raw)}`);
      const { port } = splitHost(entry);
      (port === null ? this.#anyPort : this.#exact).add(entry);
    }
  }

  /** True when `hostHeader` (the request's Host) names one of the allowed hosts. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    const header = hostHeader.trim().toLowerCase();
    if (!HOST_ENTRY_PATTERN.test(header)) return false;
    return this.#exact.has(header) || this.#anyPort.has(splitHost(header).name);
  }
}

/** Splits a checked entry into its name and port; only a bracketed IPv6 name contains colons. */
function splitHost(entry: string): { name: string; port: string | null } {
  const close = entry.startsWith("[") ? entry.indexOf("]") : -1;
  const colon = entry.indexOf(":", close + 1);
  return colon === -1 ? { name: entry, port: null } : { name: entry.slice(0, colon), port: entry.slice(colon + 1) };
}
