import { Option } from 'commander';
import { plainTextArgument } from './plain-text-argument.ts';

/** `--reason <text>`, a new option for each subcommand; plain text (`plainTextArgument`). */
export const reasonOption = () =>
  new Option('--reason <text>', 'why: recorded with the act (and in the audit log)').argParser(
    plainTextArgument,
  );
