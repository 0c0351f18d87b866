import test from 'ava';
import { adminsChatRoute } from '../../../domain/monitoring/index.ts';

test('the admins chat setting names a chat and optionally a forum topic; empty names none', (t) => {
  t.deepEqual(adminsChatRoute('-1001234567890'), { chatId: -1001234567890, messageThreadId: null });
  t.deepEqual(adminsChatRoute('-1001234567890/42'), { chatId: -1001234567890, messageThreadId: 42 });
  t.is(adminsChatRoute(''), null);
  t.is(adminsChatRoute('0'), null);
});
