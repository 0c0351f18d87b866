import type { CheckStateCommands } from '../../../application/monitoring/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { adminWrite } from '../admin-write.ts';
import { HttpProblem, httpCode } from '../problem.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { Incident, items } from './monitoring-responses.ts';
import { EDITORS, IncidentListQuery, IncidentParams, READERS } from './monitoring-schemas.ts';

export interface IncidentsRoutesDeps {
  readonly checkStates: CheckStateCommands;
  readonly queries: MonitoringQueries;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
}

const answers = { 200: { description: 'The incident', schema: Incident } };

/** `/api/v1/monitoring/incidents`: DOWN periods of checks, open and closed; taking one stops its reminders. */
export function incidentsRoutes(deps: IncidentsRoutesDeps): ApiFeature {
  const incidents = apiFeature('/monitoring/incidents', 'Monitoring');

  incidents.get(
    '/',
    {
      summary: 'Incidents, latest first (open=true: those still DOWN)',
      access: READERS,
      request: { query: IncidentListQuery },
      responses: { 200: { description: 'Incidents', schema: items(Incident) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.queries.listIncidents(query) };
    },
  );

  incidents.get(
    '/:id',
    { summary: 'One incident', access: READERS, request: { params: IncidentParams }, responses: answers },
    async (ctx, { params }) => {
      const incident = await deps.queries.getIncident(params.id);
      // No code of the domain's: an incident the read model lacks is simply not there (yet).
      if (!incident)
        throw new HttpProblem({ status: 404, code: httpCode(404), detail: `No incident ${params.id}` });
      ctx.body = incident;
    },
  );

  incidents.post(
    '/:id/acknowledge',
    {
      summary: 'Take an open incident: its reminders stop, the alert shows who took it',
      description:
        '404 when the incident names no check; 409 (`INCIDENT.NOT_OPEN`) when its check has no such incident open.',
      access: EDITORS,
      idempotent: true,
      request: { params: IncidentParams },
      responses: { ...answers, ...ACCEPTED_RESPONSE },
    },
    async (ctx, { params }) => {
      const incidentId = params.id;
      // The id names its check (`<checkId>:<slot>`); the check names its server.
      const checkId = incidentId.slice(0, incidentId.lastIndexOf(':'));
      const check = await deps.queries.getCheck(checkId);
      if (!check) throw new DomainError('CHECK.NOT_FOUND', `No check ${checkId}`, { checkId });
      const result = await deps.checkStates.acknowledge(
        { checkId, serverId: check.serverId },
        incidentId,
        adminWrite(ctx, 'monitoring-incidents'),
      );
      await answerCommitted(ctx, {
        result,
        id: incidentId,
        path: `/monitoring/incidents/${incidentId}`,
        status: 200,
        waitFor: deps.waitForMonitoring,
        read: () => deps.queries.getIncident(incidentId),
      });
    },
  );

  return incidents.feature;
}
