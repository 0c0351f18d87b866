import { apiCall } from './api-call.ts';
import { eventually } from './eventually.ts';

/**
 * Waits until the API lists Telegram user `telegramUserId` as pending (asked for access). Polls at an API
 * client's pace, not `eventually`'s 20 ms: that would spend the user's rate limit (300 a minute) within
 * seconds on a slow machine, and a 429 lists nobody.
 */
export function listedAsPending(
  baseUrl: string,
  token: string,
  telegramUserId: number,
  timeoutMs = 20_000,
): Promise<boolean> {
  return eventually(
    async () => {
      const response = await apiCall(baseUrl, '/telegram/users?status=pending', { token });
      if (!response.ok) return false;
      const { items } = (await response.json()) as { items: { telegramUserId: number }[] };
      return items.some((u) => u.telegramUserId === telegramUserId);
    },
    timeoutMs,
    250,
  );
}
