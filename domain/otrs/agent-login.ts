import { DomainError } from '../shared/index.ts';
import { typedText } from './otrs-text.ts';

/**
 * An OTRS agent login as typed: trimmed, plain text without spaces, at most 200 characters (OTRS's column).
 * It is personal data (it names a person, like a web-admin user's name): events keep it encrypted with its
 * owner's key, see `personal-subjects.ts`.
 */
export function normalizeOtrsLogin(login: string): string {
  const text = typedText(login, 200, 'OTRS_AGENT.INVALID_LOGIN', 'login');
  if (/\s/.test(text)) {
    throw new DomainError('OTRS_AGENT.INVALID_LOGIN', 'An OTRS login has no spaces', { field: 'login' });
  }
  return text;
}

/**
 * A login as its claim compares it: lower case, since OTRS finds `IVANOV` and `ivanov` as one agent (its
 * database compares logins without case), so two Telegram users cannot hold one agent by spelling.
 */
export const otrsLoginKey = (login: string): string => normalizeOtrsLogin(login).toLowerCase();
