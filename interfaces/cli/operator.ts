import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { type CommandContext, commandContext } from '../../application/commands/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { UsageError } from './exit-codes.ts';

/** The person at the terminal, as the actor of what they do through `tbot`. */
export function cliActor(): Actor & { readonly kind: 'cli' } {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): name the uid rather than nobody.
    name = process.env['USER'] ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { kind: 'cli', id: name, name };
}

/** The context of a write made at the terminal: its own correlation, now, with the operator's reason if any. */
export function cliCommandContext(reason?: string): CommandContext {
  return commandContext({
    actor: cliActor(),
    source: 'cli',
    correlationId: randomUUID(),
    occurredAt: new Date(),
    ...(reason === undefined ? {} : { reason }),
  });
}

/**
 * Asks `question [y/N]` on the terminal unless `yes`; true when confirmed. Refuses (exit code 2) when standard
 * input is not a terminal: a script must say `--yes` rather than have its input taken for an answer. `act`
 * names what needs the confirmation (`rebuild audit`).
 */
export async function confirm(act: string, question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new UsageError(`${act} needs confirmation: pass --yes (stdin is not a terminal)`);
  }
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await readline.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    readline.close();
  }
}
