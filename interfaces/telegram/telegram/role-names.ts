import type { TelegramAccessStatus, TelegramRole } from '../../../domain/telegram/index.ts';
import type { Translate } from '../i18n/index.ts';

const ROLE_KEYS = { admin: 'roleAdmin', operator: 'roleOperator', viewer: 'roleViewer' } as const;
const STATUS_KEYS = {
  registered: 'statusRegistered',
  pending: 'statusPending',
  approved: 'statusApproved',
  denied: 'statusDenied',
  blocked: 'statusBlocked',
} as const;

export const roleName = (t: Translate, role: TelegramRole | null): string =>
  t(role === null ? 'roleNone' : ROLE_KEYS[role]);

export const statusName = (t: Translate, status: TelegramAccessStatus): string => t(STATUS_KEYS[status]);
