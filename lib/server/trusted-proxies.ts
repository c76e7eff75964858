import { BlockList, isIP } from 'node:net';
import { ConfigurationError } from './configuration-error';

/** The reverse proxies whose forwarding headers Keyfort believes (KEYFORT_TRUSTED_PROXIES). */
export interface TTrustedProxies {
  /** The entries as written, for messages. */
  entries: readonly string[];
  has(address: string): boolean;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * One spelling per address: an IPv4 client reaching a dual-stack socket shows up as `::ffff:192.0.2.1`, and
 * must match (and be rate-limited as) `192.0.2.1`. Returns null for anything that is not an IP address.
 */
export function normaliseAddress(raw: string | undefined): string | null {
  const address = raw?.trim();
  if (!address) return null;
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  const family = isIP(address);
  if (family === 4) return address;
  if (family === 6) return address.toLowerCase();
  return null;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

function invalidEntry(entry: string, why: string): ConfigurationError {
  return new ConfigurationError(
    `KEYFORT_TRUSTED_PROXIES: "${entry}" ${why}. List IP addresses or CIDR ranges separated by commas, e.g. "10.0.0.5, 192.0.2.0/24, 2001:db8::/32".`,
  );
}

function addEntry(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = normaliseAddress(slash === -1 ? entry : entry.slice(0, slash));
  if (!address) throw invalidEntry(entry, 'is not an IP address or CIDR range');
  if (slash === -1) return list.addAddress(address, familyOf(address));
  const prefixText = entry.slice(slash + 1);
  const maxPrefix = familyOf(address) === 'ipv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > maxPrefix) throw invalidEntry(entry, `has a prefix length that is not 0-${maxPrefix}`);
  list.addSubnet(address, prefix, familyOf(address));
}

/** Parses the comma-separated list; any entry that is not an address or CIDR range stops start-up, naming it. */
export function parseTrustedProxies(raw: string | undefined): TTrustedProxies {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry);
  return {
    entries,
    has(candidate) {
      const address = normaliseAddress(candidate);
      return address !== null && entries.length > 0 && list.check(address, familyOf(address));
    },
  };
}
