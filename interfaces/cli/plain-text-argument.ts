import { InvalidArgumentError } from 'commander';
import { controlCharacterMessage, findControlCharacter } from '../../domain/shared/index.ts';

/**
 * A commander argument parser for text an operator types that is recorded (a reason, a name): refused with a
 * usage error (exit code 2, nothing done) when it holds a control character (an escape sequence pasted from a
 * terminal, a tab), kept in NFC otherwise. The domain has the same rule; here it holds before anything runs.
 */
export function plainTextArgument(value: string): string {
  const found = findControlCharacter(value);
  if (found) throw new InvalidArgumentError(controlCharacterMessage(found));
  return value.normalize('NFC');
}
