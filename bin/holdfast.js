#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` / `npm ci` through the prepare script).
import('../dist/cli/bin.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('holdfast: dist/ is missing; run `npm run build` first.');
    process.exit(1);
  }
  throw e;
});
