import type { OtrsLoginClaimKeys } from '../../application/otrs/index.ts';
import { type MasterKey, pseudonymsFor } from '../personal-data/index.ts';

/** Login claim keys from the personal data master key: the same on every node, a guess untestable without it. */
export function otrsLoginClaimKeys(masterKey: MasterKey): OtrsLoginClaimKeys {
  const pseudonym = pseudonymsFor(masterKey, 'tbot otrs login claim key');
  return { claimKeyOf: (loginKey) => pseudonym(loginKey) };
}
