import type { Event } from '../../../domain/shared/index.ts';

/** What a row's events changed, for the report: the fields, `department`, `dismissed`, `workstation`... */
export const changeLabels = (events: readonly Event[]): string[] =>
  events.flatMap((event) => {
    switch (event.type) {
      case 'EmployeeDetailsChanged':
        return (event.data as { changes: { field: string }[] }).changes.map((c) => c.field);
      case 'EmployeeMoved':
        return ['department'];
      case 'EmployeeDismissed':
        return ['dismissed'];
      case 'EmployeeRestored':
        return ['restored'];
      case 'EmployeeRegistered':
      case 'HostnameClaimed':
      case 'HostnameReleased':
        return [];
      default:
        return event.type.startsWith('Workstation') ? ['workstation'] : [];
    }
  });
