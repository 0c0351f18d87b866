import test from 'ava';
import { GrammyError } from 'grammy';
import { defaultSettings } from '../../../../domain/settings/index.ts';
import { accessDecisionText } from '../../../../interfaces/telegram/telegram/index.ts';
import { classifySendFailure } from '../../../../interfaces/telegram/notifications/index.ts';

const settings = defaultSettings();

test('the decision is worded in the user’s language, the setting’s language when theirs is unknown', (t) => {
  const approved = { verdict: 'approved', role: 'viewer' } as const;
  t.is(
    accessDecisionText({ languageCode: 'en-US', decision: approved }, settings),
    'Access granted, your role: viewer. Commands: /help',
  );
  t.is(
    accessDecisionText({ languageCode: null, decision: approved }, settings),
    'Доступ открыт, ваша роль: наблюдатель. Команды: /help',
  );
  t.is(
    accessDecisionText(
      { languageCode: 'en', decision: { verdict: 'denied' } },
      { ...settings, 'bot.accessDeniedText': 'No <b>.' },
    ),
    'No &lt;b&gt;.',
    'an admin’s text replaces the default, escaped',
  );
  t.is(
    accessDecisionText(
      { languageCode: 'en', decision: { verdict: 'roleChanged', role: 'operator' } },
      settings,
    ),
    'Your role is now operator. Commands: /help',
  );
});

test('a user who blocked the bot is undeliverable; 429 and network errors are retried; a bad request is ours', (t) => {
  const refused = (error_code: number, description: string, parameters = {}) =>
    new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code, description, parameters },
      'sendMessage',
      {},
    );
  t.is(classifySendFailure(refused(403, 'Forbidden: bot was blocked by the user')).kind, 'undeliverable');
  t.is(classifySendFailure(refused(400, 'Bad Request: chat not found')).kind, 'undeliverable');
  t.like(classifySendFailure(refused(429, 'Too Many Requests: retry after 3', { retry_after: 3 })), {
    kind: 'transient',
    retryAfterMs: 3000,
  });
  t.is(classifySendFailure(refused(502, 'Bad Gateway')).kind, 'transient');
  t.is(classifySendFailure(refused(400, "Bad Request: can't parse entities")).kind, 'ours');
  t.is(classifySendFailure(new TypeError('a bug')).kind, 'ours');
});
