import { CommanderError } from 'commander';
import { EXIT, describeFailure } from './exit-codes.ts';
import { createProgram } from './program.ts';
import { terminalLines } from './terminal-text.ts';

try {
  await createProgram().parseAsync(process.argv);
  process.exitCode = EXIT.ok;
} catch (error) {
  // Commander has already printed help or its own message; `--help` and `--version` are not failures.
  if (error instanceof CommanderError && error.exitCode === 0) {
    process.exitCode = EXIT.ok;
  } else {
    const { code, message } = describeFailure(error);
    // Messages quote data (a path, a name, a database error): escaped, they cannot act on the terminal.
    if (message) console.error(terminalLines(message));
    process.exitCode = code;
  }
}
