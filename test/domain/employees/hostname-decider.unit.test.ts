import test from 'ava';
import {
  type HostnameCommand,
  type HostnameEvent,
  hostnameDecider,
} from '../../../domain/employees/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(hostnameDecider);
const hostname = 'buh-pc-01';
const mine = 'w0000000-0000-4000-8000-000000000001';
const theirs = 'w0000000-0000-4000-8000-000000000002';
const command = <C extends HostnameCommand>(type: C['type'], workstationId: string) =>
  ({ type, data: { hostname, workstationId }, metadata }) as C;
const claimed = (workstationId: string): HostnameEvent => ({
  type: 'HostnameClaimed',
  data: { hostname, workstationId },
});
const released = (workstationId: string): HostnameEvent => ({
  type: 'HostnameReleased',
  data: { hostname, workstationId },
});

test('claims a free name', (t) => {
  spec(t)
    .given([])
    .when(command('ClaimHostname', mine))
    .then([claimed(mine)]);
  spec(t)
    .given([claimed(theirs), released(theirs)])
    .when(command('ClaimHostname', mine))
    .then([claimed(mine)]);
});

test('claiming a name one holds changes nothing', (t) => {
  spec(t)
    .given([claimed(mine)])
    .when(command('ClaimHostname', mine))
    .then([]);
});

test('refuses a name another workstation holds', (t) => {
  spec(t)
    .given([claimed(theirs)])
    .when(command('ClaimHostname', mine))
    .thenThrows('WORKSTATION.HOSTNAME_TAKEN');
});

test('releases only what one holds', (t) => {
  spec(t)
    .given([claimed(mine)])
    .when(command('ReleaseHostname', mine))
    .then([released(mine)]);
  spec(t)
    .given([claimed(theirs)])
    .when(command('ReleaseHostname', mine))
    .then([]);
  spec(t).given([]).when(command('ReleaseHostname', mine)).then([]);
});
