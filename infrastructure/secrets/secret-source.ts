import { readFileSync } from 'node:fs';
import { osKeyring, type KeyringLookup } from './keyring.ts';

/** Environment variables as read from `process.env` or a test's record. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** Where a secret came from; the start log prints this, never the value. */
export type SecretOrigin = 'env' | 'file' | 'keyring' | 'absent';

export type ResolvedSecret =
  | { readonly source: 'env' | 'file' | 'keyring'; readonly value: string }
  | { readonly source: 'absent'; readonly value?: undefined };

/** A secret, or a problem that names the variable (and a file's path) but never the value. */
export type SecretResult =
  { readonly ok: true; readonly secret: ResolvedSecret } | { readonly ok: false; readonly problem: string };

/** Resolves secrets by variable name. */
export interface SecretSource {
  /**
   * Looks `name` up in `env[name]`, else in the file named by `env[name + '_FILE']` (without its trailing
   * newline), else in the OS keyring. Empty values count as unset. Setting both `name` and `name_FILE`,
   * or naming a file that cannot be read or is empty, is a problem.
   */
  resolve(name: string, env: EnvRecord): SecretResult;
}

export interface SecretSourceDeps {
  readonly readFile?: (path: string) => string;
  readonly keyring?: KeyringLookup;
}

export function createSecretSource(deps: SecretSourceDeps = {}): SecretSource {
  const readFile = deps.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const keyring = deps.keyring ?? osKeyring;

  return {
    resolve(name, env) {
      const fileVariable = `${name}_FILE`;
      const direct = nonEmpty(env[name]);
      const path = nonEmpty(env[fileVariable]);

      if (direct !== undefined && path !== undefined) {
        return { ok: false, problem: `${name}: set either ${name} or ${fileVariable}, not both` };
      }
      if (direct !== undefined) return { ok: true, secret: { source: 'env', value: direct } };
      if (path !== undefined) return fromFile(fileVariable, path, readFile);

      const stored = lookUp(keyring, name);
      return {
        ok: true,
        secret: stored === undefined ? { source: 'absent' } : { source: 'keyring', value: stored },
      };
    },
  };
}

/** The default source: environment, `NAME_FILE`, then the OS keyring. */
export const defaultSecretSource: SecretSource = createSecretSource();

function fromFile(variable: string, path: string, readFile: (path: string) => string): SecretResult {
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    // The error's code only: a message could one day quote what was read.
    return { ok: false, problem: `${variable}: cannot read ${JSON.stringify(path)} (${errorCode(error)})` };
  }
  // Files written by `echo` or an editor end with a newline that is not part of the secret.
  const value = content.replace(/[\r\n]+$/, '');
  if (value === '') return { ok: false, problem: `${variable}: ${JSON.stringify(path)} is empty` };
  return { ok: true, secret: { source: 'file', value } };
}

function lookUp(keyring: KeyringLookup, name: string): string | undefined {
  try {
    return nonEmpty(keyring(name) ?? undefined);
  } catch {
    // An injected lookup may throw as the OS one does; the keyring never makes start-up fail.
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unreadable';
}
