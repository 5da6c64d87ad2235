#!/usr/bin/env node
// Runs the compiled CLI: shipped in dist/ by the package, built in a clone by `npm ci` (the prepare script).
import('../dist/cli/bin.js').catch((e) => {
  // Only dist/ itself missing; any other module not found is a real error, shown as it is.
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.url ?? e.message).includes('dist/cli/bin.js')) {
    console.error('holdfast: dist/ is missing; run `npm run build` first.');
    process.exit(1);
  }
  throw e;
});
