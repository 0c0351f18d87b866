export * from './telegram-projector.ts';
export {
  type TelegramChatsTable,
  type TelegramDatabase,
  type TelegramTopicsTable,
  type TelegramUsersTable,
  createTelegramTables,
} from './telegram-tables.ts';
export * from './telegram-lookups-queries.ts';
