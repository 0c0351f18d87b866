import type { Context } from 'koa';
import { WEB_EN } from './texts-en.ts';
import { WEB_RU, type WebTextKey, type WebTexts } from './texts-ru.ts';

export type WebLanguage = 'ru' | 'en';

/** A browser's own choice (the header's switch), over the bot's language setting. */
export const LANGUAGE_COOKIE = 'tbot_lang';

const TEXTS: Readonly<Record<WebLanguage, WebTexts>> = { ru: WEB_RU, en: WEB_EN };

export const isWebLanguage = (value: unknown): value is WebLanguage => value === 'ru' || value === 'en';

/** The page's language: the browser's cookie when it chose one, else `fallback` (the `bot.language` setting). */
export function languageOf(ctx: Context, fallback: unknown): WebLanguage {
  const chosen = ctx.cookies.get(LANGUAGE_COOKIE);
  if (isWebLanguage(chosen)) return chosen;
  return isWebLanguage(fallback) ? fallback : 'ru';
}

export type Translate = (key: WebTextKey, values?: Readonly<Record<string, string | number>>) => string;

/** The texts of `language`, placeholders filled (the values stay text: the templates escape them). */
export function translator(language: WebLanguage): Translate {
  const texts = TEXTS[language];
  return (key, values = {}) =>
    texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
