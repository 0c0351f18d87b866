import type { TelegramAccessStatus, TelegramChatType, TelegramRole } from '../../domain/telegram/index.ts';

/** A Telegram user as the read model (`telegram.users`) shows them. */
export interface TelegramUserView {
  readonly telegramUserId: number;
  readonly username: string | null;
  readonly displayName: string;
  readonly languageCode: string | null;
  readonly status: TelegramAccessStatus;
  readonly role: TelegramRole | null;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export interface TelegramTopicView {
  readonly threadId: number;
  readonly name: string | null;
}

/** A chat the bot has seen, with its forum topics: where notifications can be routed. */
export interface TelegramChatView {
  readonly chatId: number;
  readonly type: TelegramChatType;
  readonly title: string | null;
  readonly isForum: boolean;
  readonly topics: readonly TelegramTopicView[];
}

/**
 * Queries of the Telegram read models (schema `telegram`). They lag the log by the projection's delay: access
 * decisions read the user's stream instead; these serve lists (whom to ask for approval, the admin API).
 */
export interface TelegramLookups {
  /** Approved admins, the people asked to approve a newcomer. */
  listAdmins(): Promise<TelegramUserView[]>;
  /** Users by status (all when omitted), most recent first. */
  listUsers(options?: {
    status?: TelegramAccessStatus | undefined;
    limit?: number;
    offset?: number;
  }): Promise<TelegramUserView[]>;
  getUser(telegramUserId: number): Promise<TelegramUserView | null>;
  listChats(): Promise<TelegramChatView[]>;
}
