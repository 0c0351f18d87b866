import anyTest, { type TestFn } from 'ava';
import { type ContractContext, eventStoreContract } from '../../application/ports/event-store-contract.ts';
import { type EsdbStoreContext, withEsdbStore } from '../../support/esdb-store-fixture.ts';

const test = anyTest as TestFn<EsdbStoreContext>;
withEsdbStore(test);

eventStoreContract(test as unknown as TestFn<ContractContext>);
