/**
 * A phone number in its canonical form: Russian numbers (`8 916 ...`, `+7(916)...`, `79161234567`, a bare
 * ten-digit `916...`) as `+7 (916) 123-45-67`; other international numbers as `+<digits>`; short local numbers as
 * digits. `null` when the text is not a phone number.
 */
export function normalizePhone(text: string): string | null {
  if (!/^[\d\s()+\-.]+$/.test(text)) return null;
  const international = text.trim().startsWith('+');
  const digits = text.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || (digits.startsWith('8') && !international))) {
    return formatRussian(digits.slice(1));
  }
  if (digits.length === 10 && !international) return formatRussian(digits);
  if (international && digits.length >= 8 && digits.length <= 15) return `+${digits}`;
  if (!international && digits.length >= 5 && digits.length <= 7) return digits;
  return null;
}

function formatRussian(ten: string): string {
  return `+7 (${ten.slice(0, 3)}) ${ten.slice(3, 6)}-${ten.slice(6, 8)}-${ten.slice(8, 10)}`;
}
