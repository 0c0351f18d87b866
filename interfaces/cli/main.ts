import { CommanderError } from 'commander';
import { EXIT, describeFailure } from './exit-codes.ts';
import { createProgram } from './program.ts';

try {
  await createProgram().parseAsync(process.argv);
  process.exitCode = EXIT.ok;
} catch (error) {
  // Commander has already printed help or its own message; `--help` and `--version` are not failures.
  if (error instanceof CommanderError && error.exitCode === 0) {
    process.exitCode = EXIT.ok;
  } else {
    const { code, message } = describeFailure(error);
    if (message) console.error(message);
    process.exitCode = code;
  }
}
