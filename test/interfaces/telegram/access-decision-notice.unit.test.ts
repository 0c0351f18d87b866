import test from 'ava';
import { GrammyError } from 'grammy';
import { defaultSettings } from '../../../domain/settings/index.ts';
import {
  type AccessDecisionNoticeDeps,
  accessDecisionText,
  tellAccessDecision,
} from '../../../interfaces/telegram/access/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';

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

test('a user who blocked the bot is not told, and the caller never sees the failure', async (t) => {
  const logger = captureLogger();
  const refused = new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    'sendMessage',
    {},
  );
  const deps: AccessDecisionNoticeDeps = {
    api: { sendMessage: () => Promise.reject(refused) },
    settings: () => settings,
    logger,
  };
  await t.notThrowsAsync(
    tellAccessDecision(deps, { telegramUserId: 42, languageCode: 'ru', decision: { verdict: 'denied' } }),
  );
  t.like(logger.lines, [
    {
      level: 'warn',
      message: 'could not tell a user about the decision',
      fields: { err: refused, telegramUserId: 42, verdict: 'denied' },
    },
  ]);
});
