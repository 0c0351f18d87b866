/** The codes the telegram feature (Telegram users and chats) refuses with; see `EmployeesErrorCode` for the contract. */
export type TelegramErrorCode =
  | 'TELEGRAM_USER.NOT_FOUND'
  | 'TELEGRAM_USER.FORGOTTEN'
  | 'TELEGRAM_USER.BLOCKED'
  | 'TELEGRAM_USER.ALREADY_DECIDED'
  | 'TELEGRAM_USER.NOT_APPROVED'
  | 'TELEGRAM_USER.REASON_REQUIRED'
  | 'TELEGRAM_CHAT.NOT_FOUND';
