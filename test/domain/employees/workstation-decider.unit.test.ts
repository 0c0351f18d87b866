import test from 'ava';
import {
  type WorkstationCommand,
  type WorkstationEvent,
  workstationDecider,
} from '../../../domain/employees/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(workstationDecider);
const workstationId = 'w0000000-0000-4000-8000-000000000001';
const employeeId = 'e0000000-0000-4000-8000-000000000001';
const otherEmployeeId = 'e0000000-0000-4000-8000-000000000002';
const command = <C extends WorkstationCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const details = { hostname: 'buh-pc-01', ip: '10.0.0.15', inventoryNumber: 'INV-0042' };
const registered: WorkstationEvent = {
  type: 'WorkstationRegistered',
  data: { workstationId, details, employeeId },
};
const retired: WorkstationEvent = { type: 'WorkstationRetired', data: { workstationId } };
const active = (id: string) => ({ employeeId: id, status: 'active' }) as const;

test('registers a workstation with a lower-cased host name', (t) => {
  spec(t)
    .given([])
    .when(
      command('RegisterWorkstation', {
        workstationId,
        details: { ...details, hostname: ' BUH-PC-01 ' },
        employee: active(employeeId),
      }),
    )
    .then([registered]);
});

test('registers with a host name only, to nobody', (t) => {
  spec(t)
    .given([])
    .when(
      command('RegisterWorkstation', {
        workstationId,
        details: { hostname: 'srv1.corp.local' },
        employee: null,
      }),
    )
    .then([
      {
        type: 'WorkstationRegistered',
        data: {
          workstationId,
          details: { hostname: 'srv1.corp.local', ip: null, inventoryNumber: null },
          employeeId: null,
        },
      },
    ]);
});

test('refuses host names that DNS would not accept', (t) => {
  for (const hostname of ['', 'pc_01', '-pc', 'pc-', 'пк-01', 'a..b', `${'a'.repeat(64)}.corp`]) {
    spec(t)
      .given([])
      .when(command('RegisterWorkstation', { workstationId, details: { hostname }, employee: null }))
      .thenThrows('WORKSTATION.INVALID_HOSTNAME');
  }
});

test('accepts IPv4 and IPv6 addresses and refuses others', (t) => {
  for (const ip of ['192.168.1.10', '::1', 'fe80::1', '2001:DB8:0:0:1:0:0:1', '::ffff:192.0.2.1', '1::']) {
    const events = workstationDecider.decide(
      command('RegisterWorkstation', { workstationId, details: { hostname: 'pc', ip }, employee: null }),
      workstationDecider.initialState(),
    );
    t.is(events.length, 1, ip);
  }
  for (const ip of [
    '256.1.1.1',
    '1.2.3',
    '01.2.3.4',
    '1:2:3:4:5:6:7',
    '1::2::3',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    'pc',
  ]) {
    spec(t)
      .given([])
      .when(
        command('RegisterWorkstation', { workstationId, details: { hostname: 'pc', ip }, employee: null }),
      )
      .thenThrows('WORKSTATION.INVALID_IP');
  }
});

test('refuses an owner who is unknown, dismissed or forgotten', (t) => {
  const cases = [
    ['none', 'EMPLOYEE.NOT_FOUND'],
    ['dismissed', 'EMPLOYEE.DISMISSED'],
    ['forgotten', 'EMPLOYEE.FORGOTTEN'],
  ] as const;
  for (const [status, code] of cases) {
    spec(t)
      .given([])
      .when(command('RegisterWorkstation', { workstationId, details, employee: { employeeId, status } }))
      .thenThrows(code);
  }
});

test('changes only the fields that differ', (t) => {
  spec(t)
    .given([registered])
    .when(
      command('ChangeWorkstationDetails', {
        workstationId,
        changes: { hostname: 'BUH-PC-02', ip: '10.0.0.15', inventoryNumber: null },
      }),
    )
    .then([
      {
        type: 'WorkstationDetailsChanged',
        data: {
          workstationId,
          changes: [
            { field: 'hostname', from: 'buh-pc-01', to: 'buh-pc-02' },
            { field: 'inventoryNumber', from: 'INV-0042', to: null },
          ],
        },
      },
    ]);
  spec(t)
    .given([registered])
    .when(command('ChangeWorkstationDetails', { workstationId, changes: { hostname: 'Buh-Pc-01' } }))
    .then([]);
});

test('gives the workstation to another employee and takes it back', (t) => {
  spec(t)
    .given([registered])
    .when(command('AssignWorkstation', { workstationId, employee: active(otherEmployeeId) }))
    .then([{ type: 'WorkstationAssigned', data: { workstationId, from: employeeId, to: otherEmployeeId } }]);
  spec(t)
    .given([registered])
    .when(command('AssignWorkstation', { workstationId, employee: active(employeeId) }))
    .then([]);
  spec(t)
    .given([registered])
    .when(command('UnassignWorkstation', { workstationId }))
    .then([{ type: 'WorkstationAssigned', data: { workstationId, from: employeeId, to: null } }]);
  spec(t)
    .given([registered])
    .when(
      command('AssignWorkstation', {
        workstationId,
        employee: { employeeId: otherEmployeeId, status: 'dismissed' },
      }),
    )
    .thenThrows('EMPLOYEE.DISMISSED');
});

test('retires once; a retired workstation refuses changes', (t) => {
  spec(t).given([registered]).when(command('RetireWorkstation', { workstationId })).then([retired]);
  spec(t).given([registered, retired]).when(command('RetireWorkstation', { workstationId })).then([]);
  spec(t)
    .given([registered, retired])
    .when(command('ChangeWorkstationDetails', { workstationId, changes: { ip: null } }))
    .thenThrows('WORKSTATION.RETIRED');
  spec(t)
    .given([registered, retired])
    .when(command('AssignWorkstation', { workstationId, employee: active(otherEmployeeId) }))
    .thenThrows('WORKSTATION.RETIRED');
});

test('refuses commands for a workstation that does not exist', (t) => {
  spec(t).given([]).when(command('RetireWorkstation', { workstationId })).thenThrows('WORKSTATION.NOT_FOUND');
  spec(t)
    .given([])
    .when(command('UnassignWorkstation', { workstationId }))
    .thenThrows('WORKSTATION.NOT_FOUND');
});
