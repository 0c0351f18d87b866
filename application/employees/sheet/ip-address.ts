/** An IPv4 address in dotted decimal (leading zeros dropped) or an IPv6 address in lower case; `null` otherwise. */
export function normalizeIp(text: string): string | null {
  return normalizeIpv4(text) ?? normalizeIpv6(text);
}

function normalizeIpv4(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    octets.push(octet);
  }
  return octets.join('.');
}

function normalizeIpv6(text: string): string | null {
  const address = text.toLowerCase();
  if (!/^[0-9a-f:]+$/.test(address) || address.split('::').length > 2) return null;
  const groups = address.split(':').filter((group) => group !== '');
  if (groups.some((group) => group.length > 4)) return null;
  const compressed = address.includes('::');
  return (compressed ? groups.length < 8 : groups.length === 8) ? address : null;
}
