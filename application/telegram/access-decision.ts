import type { TelegramRole, TelegramUserEvent } from '../../domain/telegram/index.ts';

/** An admin's decision on a user's access, as the user is told it: approved, denied, or a new role. */
export type AccessDecision =
  | { readonly verdict: 'approved'; readonly role: TelegramRole | null }
  | { readonly verdict: 'denied' }
  | { readonly verdict: 'roleChanged'; readonly role: TelegramRole };

/** The decision a user is told for an event recorded about them, if any (from the event, not a read model). */
export function accessDecisionOf(event: TelegramUserEvent): AccessDecision | null {
  switch (event.type) {
    case 'TelegramAccessApproved':
      return { verdict: 'approved', role: event.data.role };
    case 'TelegramAccessDenied':
      return { verdict: 'denied' };
    case 'TelegramUserRoleChanged':
      return { verdict: 'roleChanged', role: event.data.to };
    // Registration and requests are the user's own doing; a blocked or forgotten user is not answered.
    case 'TelegramUserRegistered':
    case 'TelegramAccessRequested':
    case 'TelegramUserBlocked':
    case 'TelegramUserForgotten':
      return null;
  }
}
