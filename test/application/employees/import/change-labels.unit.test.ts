import test from 'ava';
import { changeLabels } from '../../../../application/employees/import/change-labels.ts';

test('names what a row changed: its fields, department, dismissal and workstation', (t) => {
  const labels = changeLabels([
    { type: 'EmployeeRegistered', data: {} },
    { type: 'EmployeeDetailsChanged', data: { changes: [{ field: 'email' }, { field: 'room' }] } },
    { type: 'EmployeeMoved', data: {} },
    { type: 'HostnameClaimed', data: {} },
    { type: 'WorkstationRegistered', data: {} },
    { type: 'EmployeeDismissed', data: {} },
    { type: 'EmployeeRestored', data: {} },
  ]);
  t.deepEqual(labels, ['email', 'room', 'department', 'workstation', 'dismissed', 'restored']);
});
