/**
 * IP address syntax without node:net, which costs the hook ~5 ms of startup to load.
 * IPv4 is dotted-quad without leading zeros; IPv6 is whatever the WHATWG URL parser accepts
 * between brackets (it implements RFC 4291 text forms, including embedded IPv4).
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** The URL parser's serialization of an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
const V4_MAPPED = /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/;

export type IPFamily = "IPv4" | "IPv6";

function ipv6Hostname(text: string): string | null {
  if (!text.includes(":") || /[^0-9A-Fa-f:.]/.test(text)) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.length > 2 ? host : null;
  } catch {
    return null;
  }
}

export function isIPAddress(text: string): boolean {
  return IPV4.test(text) || ipv6Hostname(text) !== null;
}

/** An egressIP the CRD accepts: `maxLength: 39` and CEL `isIP` (no IPv4-mapped IPv6, no zone). */
export type EgressIPCheck = { ok: true; family: IPFamily } | { ok: false; problem: string };

export const EGRESS_IP_MAX_LENGTH = 39;

export function checkEgressIP(text: string): EgressIPCheck {
  if (text.length > EGRESS_IP_MAX_LENGTH)
    return { ok: false, problem: `is longer than ${EGRESS_IP_MAX_LENGTH} characters` };
  if (IPV4.test(text)) return { ok: true, family: "IPv4" };
  const host = ipv6Hostname(text);
  if (host === null) return { ok: false, problem: "is not an IP address" };
  if (V4_MAPPED.test(host)) return { ok: false, problem: "is an IPv4-mapped IPv6 address, which the CRD refuses" };
  return { ok: true, family: "IPv6" };
}

/** The family of an address already known to be valid; IPv4 when it has no colon. */
export function familyOf(ip: string): IPFamily {
  return ip.includes(":") ? "IPv6" : "IPv4";
}
