/** One address, `local@domain.tld`, no spaces; domains may be Cyrillic (`.рф`). */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/u;

/** The address in lower case without a `mailto:` prefix, or `null` when it is not one e-mail address. */
export function normalizeEmail(text: string): string | null {
  const address = text
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  return address.length <= 254 && EMAIL.test(address) ? address : null;
}
