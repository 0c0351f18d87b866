import test from 'ava';
import {
  type TelegramChatCommand,
  type TelegramChatEvent,
  telegramChatDecider,
} from '../../../domain/telegram/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(telegramChatDecider);
const chatId = -1001234567890;
const chat = { chatId, type: 'supergroup', title: 'ИТ-дежурные', isForum: true } as const;
const command = <C extends TelegramChatCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const registered: TelegramChatEvent = { type: 'TelegramChatRegistered', data: chat };
const topic: TelegramChatEvent = {
  type: 'TelegramForumTopicRegistered',
  data: { chatId, threadId: 77, name: null },
};

test('a chat seen for the first time is registered, then only a new title is recorded', (t) => {
  spec(t).given([]).when(command('RegisterTelegramChat', chat)).then([registered]);
  spec(t).given([registered]).when(command('RegisterTelegramChat', chat)).then([]);
  spec(t)
    .given([registered])
    .when(command('RegisterTelegramChat', { ...chat, title: 'Дежурные' }))
    .then([{ type: 'TelegramChatRetitled', data: { chatId, title: 'Дежурные', isForum: true } }]);
});

test('a forum topic is registered once; a name learnt later renames it', (t) => {
  spec(t)
    .given([registered])
    .when(command('RegisterTelegramForumTopic', { chatId, threadId: 77, name: null }))
    .then([topic]);
  spec(t)
    .given([registered, topic])
    .when(command('RegisterTelegramForumTopic', { chatId, threadId: 77, name: null }))
    .then([]);
  spec(t)
    .given([registered, topic])
    .when(command('RegisterTelegramForumTopic', { chatId, threadId: 77, name: 'Сервера' }))
    .then([{ type: 'TelegramForumTopicRenamed', data: { chatId, threadId: 77, name: 'Сервера' } }]);
});

test('a topic of an unknown chat is refused', (t) => {
  spec(t)
    .given([])
    .when(command('RegisterTelegramForumTopic', { chatId, threadId: 77, name: null }))
    .thenThrows('TELEGRAM_CHAT.NOT_FOUND');
});
