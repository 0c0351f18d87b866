export { KEYRING_SERVICE, osKeyring, type KeyringLookup } from './keyring.ts';
export {
  createSecretSource,
  defaultSecretSource,
  type EnvRecord,
  type ResolvedSecret,
  type SecretOrigin,
  type SecretResult,
  type SecretSource,
  type SecretSourceDeps,
} from './secret-source.ts';
