import {
  type EmployeeCard,
  nationalDigits,
  phoneDigitsOf,
} from '../../../application/employees/search/index.ts';
import type { Translate } from '../i18n/index.ts';
import { escapeHtml } from '../i18n/index.ts';

/**
 * A phone as Telegram makes it tappable: a Russian number as `+7XXXXXXXXXX` (clients turn it into a call
 * link; Bot API HTML has no `tel:` links), anything else as stored.
 */
export function tappablePhone(phone: string): string {
  const digits = phoneDigitsOf(phone);
  if (digits === null) return phone;
  const national = nationalDigits(digits);
  return national.length === 10 && /^9|^[3-8]/.test(national) ? `+7${national}` : phone;
}

/** One employee as a card in Telegram HTML: name, position and department, phones, room, workstations. */
export function employeeCard(employee: EmployeeCard, t: Translate): string {
  const lines: string[] = [];
  const name = escapeHtml(employee.fullName ?? '—');
  lines.push(employee.status === 'dismissed' ? `<b>${name}</b> (${t('cardDismissed')})` : `<b>${name}</b>`);
  const role = [employee.position, employee.departmentName].filter(Boolean).map((s) => escapeHtml(s ?? ''));
  if (role.length > 0) lines.push(role.join(' · '));
  const phones: string[] = [];
  if (employee.workPhone) phones.push(`${t('cardPhone')} ${escapeHtml(tappablePhone(employee.workPhone))}`);
  if (employee.extension) phones.push(`${t('cardExtension')} ${escapeHtml(employee.extension)}`);
  if (employee.mobilePhone)
    phones.push(`${t('cardMobile')} ${escapeHtml(tappablePhone(employee.mobilePhone))}`);
  if (phones.length > 0) lines.push(`📞 ${phones.join(', ')}`);
  if (employee.email) lines.push(`✉️ ${escapeHtml(employee.email)}`);
  if (employee.room) lines.push(`🚪 ${t('cardRoom')} ${escapeHtml(employee.room)}`);
  for (const ws of employee.workstations) {
    const ip = ws.ip ? ` (${escapeHtml(ws.ip)})` : '';
    lines.push(`🖥 ${t('cardWorkstation')} <code>${escapeHtml(ws.hostname)}</code>${ip}`);
  }
  return lines.join('\n');
}
