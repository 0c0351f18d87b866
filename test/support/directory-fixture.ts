import type { Checkpoint, EventStore, NewEvent } from '../../application/ports/index.ts';
import type { EmployeeDetails } from '../../domain/employees/index.ts';
import type { EventMetadata } from '../../domain/shared/index.ts';
import { testMetadata } from './event-fixtures.ts';

export const fixtureId = (prefix: string, n: number): string =>
  `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface FixturePerson {
  readonly employeeId: string;
  readonly departmentId: string;
  readonly details: Partial<EmployeeDetails> & { fullName: string };
  /** Its id is `workstationId`, or `fixtureId('f', n)` for the n-th person (from 1). */
  readonly workstation?: {
    readonly hostname: string;
    readonly ip: string | null;
    readonly workstationId?: string;
  };
}

export interface DirectoryFixture {
  readonly departments: Readonly<Record<string, string>>;
  readonly people: readonly FixturePerson[];
}

const NO_DETAILS = {
  position: null,
  workPhone: null,
  mobilePhone: null,
  extension: null,
  email: null,
  room: null,
  notes: null,
};

/** One stream's append of a fixture. */
export interface FixtureAppend {
  readonly streamId: string;
  readonly events: NewEvent[];
}

/**
 * The appends that write a directory as the import or the admin would: departments, employees and their
 * workstations, each on its own stream, every event with `metadata`.
 */
export function directoryAppends(
  fixture: DirectoryFixture,
  metadata: EventMetadata = testMetadata,
): FixtureAppend[] {
  const appends: FixtureAppend[] = [];
  for (const [departmentId, name] of Object.entries(fixture.departments)) {
    appends.push({
      streamId: `department-${departmentId}`,
      events: [{ type: 'DepartmentCreated', data: { departmentId, name, parentId: null }, metadata }],
    });
  }
  fixture.people.forEach((person, i) => {
    const { employeeId, departmentId, details, workstation } = person;
    appends.push({
      streamId: `employee-${employeeId}`,
      events: [
        {
          type: 'EmployeeRegistered',
          data: { employeeId, departmentId, details: { ...NO_DETAILS, ...details } },
          metadata,
        },
      ],
    });
    if (workstation) {
      const { hostname, ip, workstationId = fixtureId('f', i + 1) } = workstation;
      appends.push({
        streamId: `workstation-${workstationId}`,
        events: [
          {
            type: 'WorkstationRegistered',
            data: { workstationId, employeeId, details: { hostname, ip, inventoryNumber: null } },
            metadata,
          },
        ],
      });
    }
  });
  return appends;
}

/**
 * Writes a directory through the event store ({@link directoryAppends}). Returns the checkpoint of the last
 * append, for read-your-writes.
 */
export async function seedDirectory(store: EventStore, fixture: DirectoryFixture): Promise<Checkpoint> {
  const result = await store.appendMany(
    directoryAppends(fixture).map((a) => ({
      streamId: a.streamId,
      events: a.events,
      expectedRevision: 'no_stream' as const,
    })),
  );
  if (result.checkpoint === null) throw new Error('empty directory fixture');
  return result.checkpoint;
}

/** A small directory: namesakes for ranking, several people per department for pagination, workstations. */
export function smallDirectory(): DirectoryFixture {
  const departments = { [fixtureId('d', 1)]: 'Бухгалтерия', [fixtureId('d', 2)]: 'ИТ-служба' };
  const [accounting, it] = Object.keys(departments) as [string, string];
  const people: FixturePerson[] = [
    {
      employeeId: fixtureId('e', 1),
      departmentId: accounting,
      details: {
        fullName: 'Иванов Иван Петрович',
        position: 'Главный бухгалтер',
        mobilePhone: '+7 (916) 123-45-67',
        workPhone: '8 (495) 700-10-01',
        extension: '2301',
        room: '301',
      },
      workstation: { hostname: 'ws-buh-01', ip: '10.0.1.15' },
    },
    {
      employeeId: fixtureId('e', 2),
      departmentId: it,
      details: {
        fullName: 'Семёнов Пётр Алексеевич',
        position: 'Системный администратор',
        mobilePhone: '+79990001122',
        extension: '4402',
        room: '105',
      },
      workstation: { hostname: 'ws-it-07', ip: '10.0.2.7' },
    },
  ];
  const surnames = ['Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Морозов'];
  surnames.forEach((surname, i) =>
    people.push({
      employeeId: fixtureId('e', 100 + i),
      departmentId: it,
      details: {
        fullName: `${surname} Олег Дмитриевич`,
        position: 'Инженер техподдержки',
        mobilePhone: `+7 (915) 000-${String(1000 + i)}`,
        extension: String(3000 + i),
      },
    }),
  );
  return { departments, people };
}
