import type { Logger } from '../../application/ports/index.ts';

export interface CapturedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, for assertions on what a component reported. */
export function captureLogger(): Logger & { readonly lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) =>
    (fieldsOrMessage: object | string, message?: string): void => {
      if (typeof fieldsOrMessage === 'string') lines.push({ level, message: fieldsOrMessage, fields: {} });
      else lines.push({ level, message: message ?? '', fields: fieldsOrMessage as Record<string, unknown> });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
