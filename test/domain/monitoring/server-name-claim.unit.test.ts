import test from 'ava';
import {
  type ServerNameCommand,
  type ServerNameEvent,
  serverNameDecider,
  serverNameKey,
} from '../../../domain/monitoring/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(serverNameDecider);
const nameKey = serverNameKey('Шлюз  Офис');
const command = (type: ServerNameCommand['type'], serverId: string): ServerNameCommand => ({
  type,
  data: { nameKey, serverId },
  metadata,
});
const claimed: ServerNameEvent = { type: 'ServerNameClaimed', data: { nameKey, serverId: 's1' } };

test('a name is compared in lower case with runs of spaces as one', (t) => {
  t.is(nameKey, 'шлюз офис');
});

test('claims a free name; claiming it again changes nothing; another server is refused', (t) => {
  spec(t).given([]).when(command('ClaimServerName', 's1')).then([claimed]);
  spec(t).given([claimed]).when(command('ClaimServerName', 's1')).then([]);
  spec(t).given([claimed]).when(command('ClaimServerName', 's2')).thenThrows('SERVER.NAME_TAKEN');
});

test('only the holder releases a name', (t) => {
  spec(t).given([claimed]).when(command('ReleaseServerName', 's2')).then([]);
  spec(t)
    .given([claimed])
    .when(command('ReleaseServerName', 's1'))
    .then([{ type: 'ServerNameReleased', data: { nameKey, serverId: 's1' } }]);
});
