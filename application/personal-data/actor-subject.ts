import type { Actor } from '../../domain/shared/index.ts';

/** The subject id of a web-admin (TBot) user's personal data: their name as an actor. */
export function userSubject(userId: string): string {
  return `user-${userId}`;
}

/** The subject id of a Telegram user's personal data: their profile and their name as an actor. */
export function telegramUserSubject(telegramUserId: number | string): string {
  return `telegram-user-${telegramUserId}`;
}

const TELEGRAM_ID = /^-?\d{1,20}$/;

/**
 * Whose key encrypts an actor's name in `metadata.actor`: a person's own. A web-admin user and a Telegram
 * user are people; `system`, `cli` and `import` actors are not: a node, a job, or the operating-system account
 * at the terminal (whose id is the same name anyway), so their names stay readable. `null` for those, and for
 * a Telegram actor with no id (`unknown`).
 */
export function actorSubject(actor: Actor): string | null {
  if (actor.kind === 'admin') return userSubject(actor.id);
  if (actor.kind === 'telegram') return TELEGRAM_ID.test(actor.id) ? telegramUserSubject(actor.id) : null;
  return null;
}
