/**
 * Whether an address names this machine: the test behind local trust (TRUST_LOCAL_CHANNELS).
 * Only ever applied to what the socket reports or what the operator configured, never to a
 * header a client or proxy can set (X-Forwarded-For).
 */
import { isIP } from "node:net";

/**
 * True for an IP address in 127.0.0.0/8, `::1`, or an IPv4-mapped `::ffff:127.x.x.x` (how a
 * dual-stack socket reports an IPv4 loopback client). False for anything else, names included,
 * and for `undefined` (a channel that saw no address).
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ip = address.toLowerCase();
  if (isIP(ip) === 4) return ip.startsWith("127.");
  if (isIP(ip) !== 6) return false;
  if (ip === "::1" || ip === "0:0:0:0:0:0:0:1") return true;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  return mapped !== undefined && isIP(mapped) === 4 && mapped.startsWith("127.");
}

/**
 * True when a listen address (the HOST setting) accepts connections from this machine only: a
 * loopback IP address, `localhost`, or `[::1]`. `0.0.0.0`, `::` and other names are not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || isLoopbackAddress(h);
}
