import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../domain/shared/index.ts';

const firstNames = ['Мария', 'Алексей', 'Екатерина', 'Дмитрий', 'Ольга', 'Сергей'];
const departments = ['Служба ИТ-поддержки', 'Отдел сопровождения', 'Бухгалтерия', 'Склад №3'];

function pick<T>(values: readonly T[], n: number): T {
  const value = values[n % values.length];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}

/** The data of a realistic event: about 300 bytes of JSON, mostly Cyrillic, as an HR or ticket event has. */
export function eventData(n: number): object {
  return {
    employeeId: randomUUID(),
    fullName: `${pick(firstNames, n)} Сергеевна Иванова`,
    position: 'Ведущий инженер',
    department: pick(departments, n),
    comment: 'Переведена на новый участок',
    phone: '+7 912 345-67-89',
    n,
  };
}

/** Full metadata as a command handler stamps it on every event of one command. */
export function eventMetadata(): EventMetadata {
  return {
    actor: { kind: 'telegram', id: '417293561', name: 'Иван Петров' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    source: 'telegram',
    occurredAt: new Date().toISOString(),
  };
}

export const BENCH_EVENT_TYPE = 'EmployeeTransferred';
