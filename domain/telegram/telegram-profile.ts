/** A Telegram user as Telegram describes them, at their latest contact. Only `telegramUserId` is stable. */
export interface TelegramProfile {
  readonly telegramUserId: number;
  readonly username: string | null;
  readonly firstName: string;
  readonly lastName: string | null;
  /** IETF tag the user's client reports (`ru`, `en`); `null` when it reports none. */
  readonly languageCode: string | null;
}
