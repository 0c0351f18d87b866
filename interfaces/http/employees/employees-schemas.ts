import { z } from 'zod';
import { MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT } from '../../../application/employees/index.ts';
import type { UserRole } from '../../../domain/users/index.ts';
import { plainString } from '../plain-text-schema.ts';

/** Viewers read the employees, operators edit it, admins import and forget. */
export const READERS: readonly UserRole[] = ['viewer', 'operator', 'admin'];
export const EDITORS: readonly UserRole[] = ['operator', 'admin'];
export const ADMINS: readonly UserRole[] = ['admin'];

export const IdParams = z.strictObject({ id: z.uuid() });

// Plain text (no control characters): tab and line breaks in the notes only.
const text = (max: number, multiline = false) => plainString({ multiline }).trim().max(max);
const optional = (max: number, multiline = false) => text(max, multiline).nullable().optional();

/** An employee's details as an admin types them; the domain has the last word on each value. */
export const EmployeeFields = {
  fullName: text(200).min(1),
  position: optional(200),
  workPhone: optional(32),
  mobilePhone: optional(32),
  extension: optional(10),
  email: optional(254),
  room: optional(50),
  notes: optional(2000, true),
};

export const NewEmployeeBody = z.strictObject({
  ...EmployeeFields,
  departmentId: z.uuid().nullable().optional(),
});
export const EmployeePatchBody = z
  .strictObject({ ...EmployeeFields, fullName: EmployeeFields.fullName.optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });
export const MoveBody = z.strictObject({ departmentId: z.uuid().nullable() });
export const ReasonBody = z.strictObject({ reason: plainString().trim().min(1).max(500) });

export const Page = {
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(10),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};
export const SearchQuery = z.strictObject({ q: z.string().trim().min(1).max(MAX_QUERY_LENGTH), ...Page });
export const ListQuery = z.strictObject({ departmentId: z.uuid(), ...Page });

const Workstation = z.object({
  workstationId: z.uuid(),
  hostname: z.string(),
  ip: z.string().nullable(),
  inventoryNumber: z.string().nullable(),
});

/** Personal fields are `null` once the person is forgotten. */
export const EmployeeCard = z.object({
  employeeId: z.uuid(),
  fullName: z.string().nullable(),
  position: z.string().nullable(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  workPhone: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  extension: z.string().nullable(),
  email: z.string().nullable(),
  room: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(['active', 'dismissed']),
  forgotten: z.boolean(),
  updatedAt: z.string(),
  workstations: z.array(Workstation),
});

export const SearchHits = z.object({
  items: z.array(
    z.object({
      employee: EmployeeCard,
      score: z.number(),
      matchedBy: z.enum(['name', 'department', 'phone', 'extension', 'hostname', 'ip']),
    }),
  ),
});

export const Department = z.object({
  departmentId: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  status: z.enum(['open', 'closed']),
  activeEmployees: z.number().int(),
});

export const WorkstationDetail = z.object({
  workstationId: z.uuid(),
  hostname: z.string(),
  ip: z.string().nullable(),
  inventoryNumber: z.string().nullable(),
  employeeId: z.uuid().nullable(),
  employeeName: z.string().nullable(),
  status: z.enum(['active', 'retired']),
});
