import { createRequire } from 'node:module';
import type { Entry } from '@napi-rs/keyring';

/** Looks a secret up in the OS keyring by variable name; `null`/`undefined` when it is not there. */
export type KeyringLookup = (name: string) => string | null | undefined;

/** The keyring service under which TBot's secrets are stored (account = variable name). */
export const KEYRING_SERVICE = 'tbot';

const require = createRequire(import.meta.url);

/**
 * The OS keyring (Windows Credential Manager, macOS Keychain, a Linux secret service) through
 * `@napi-rs/keyring`. It is one optional source: a missing native binding, a headless Linux server
 * (null or a throw) and a locked store all read as "not there", never as a failure.
 */
export const osKeyring: KeyringLookup = (name) => {
  try {
    // Loaded lazily so that a platform without the native binding still starts.
    const keyring = require('@napi-rs/keyring') as { Entry: typeof Entry };
    return new keyring.Entry(KEYRING_SERVICE, name).getPassword();
  } catch {
    return undefined;
  }
};
