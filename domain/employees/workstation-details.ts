import { DomainError } from '../shared/index.ts';
import { checkLength, optionalText, plainText } from './text-value.ts';
import type { WorkstationDetails, WorkstationField } from './workstation-events.ts';

/** Details as a command brings them: the host name is required. */
export type WorkstationDetailsInput = { readonly hostname: string } & {
  readonly [F in Exclude<WorkstationField, 'hostname'>]?: string | null | undefined;
};

/** A partial change: the fields given (not `undefined`) are set (`null` or `''` clears an optional one), the others stay. */
export type WorkstationDetailsPatch = { readonly [F in WorkstationField]?: string | null | undefined };

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-cases and checks a host name (RFC 1123: dot-separated labels of letters, digits, inner hyphens). */
export function normalizeHostname(hostname: string): string {
  const name = (optionalText(hostname) ?? '').toLowerCase().replace(/\.$/, '');
  if (name === '' || name.length > 253 || !name.split('.').every((label) => LABEL.test(label))) {
    throw new DomainError('WORKSTATION.INVALID_HOSTNAME', `"${hostname}" is not a valid host name`, {
      field: 'hostname',
    });
  }
  return name;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const last = (tail.length > 0 ? tail : head).at(-1);
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) counts as two groups.
  const embedded = last !== undefined && last.includes('.');
  if (embedded && !IPV4.test(last)) return false;
  const hextets = [...head, ...tail].slice(0, embedded ? -1 : undefined);
  if (!hextets.every((group) => HEXTET.test(group))) return false;
  const count = head.length + tail.length + (embedded ? 1 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Checks an optional IPv4 or IPv6 address; IPv6 is kept in lower case. */
export function normalizeIp(ip: string | null | undefined): string | null {
  const text = optionalText(ip)?.toLowerCase() ?? null;
  if (text === null) return null;
  if (!IPV4.test(text) && !isIpv6(text)) {
    throw new DomainError('WORKSTATION.INVALID_IP', `"${text}" is not an IPv4 or IPv6 address`, {
      field: 'ip',
    });
  }
  return text;
}

/** Trims and checks an optional inventory number (plain text, at most 64 characters). */
export function normalizeInventoryNumber(value: string | null | undefined): string | null {
  const text = plainText(value, 'WORKSTATION.INVALID_INVENTORY_NUMBER', 'inventoryNumber');
  checkLength(text, 64, 'WORKSTATION.INVALID_INVENTORY_NUMBER', 'inventoryNumber');
  return text;
}

/** Normalises and checks one field of a workstation. */
export function normalizeWorkstationField(
  field: WorkstationField,
  value: string | null | undefined,
): string | null {
  switch (field) {
    case 'hostname':
      return normalizeHostname(value ?? '');
    case 'ip':
      return normalizeIp(value);
    case 'inventoryNumber':
      return normalizeInventoryNumber(value);
  }
}

/** Normalises and checks a new workstation's details. */
export function normalizeWorkstationDetails(input: WorkstationDetailsInput): WorkstationDetails {
  return {
    hostname: normalizeHostname(input.hostname),
    ip: normalizeIp(input.ip),
    inventoryNumber: normalizeInventoryNumber(input.inventoryNumber),
  };
}
