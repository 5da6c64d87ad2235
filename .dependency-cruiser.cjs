/**
 * Architecture checks run by `npm run lint` (depcruise). Domain folders under src/services/ (and
 * the services root: deps, module contract, registry) must not import each other in a circle,
 * type-only imports included: a domain needs another's work only through the ports its module
 * is given (src/services/module.ts, composed in src/domains.ts).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-domain-cycles',
      severity: 'error',
      comment: 'Domain folders import each other in a circle. Move the shared model to services/common/, or pass the dependency as a port.',
      scope: 'folder',
      from: { path: '^src/services' },
      to: { path: '^src/services', circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
  },
};
