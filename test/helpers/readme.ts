/**
 * The README's runnable snippets: the fenced block right after a `<!-- snippet: NAME -->` line.
 * Tests run them, so the first screen of the README stays true.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.js';

export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

export interface Snippet {
  code: string;
  /** 1-based line of the marker in README.md. */
  line: number;
}

export function readmeSnippet(name: string): Snippet {
  const m = new RegExp(`^<!-- snippet: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`$`, 'm').exec(README);
  if (!m) throw new Error(`README.md has no snippet '${name}' (a <!-- snippet: ${name} --> line, then a fenced block)`);
  return { code: m[1]!, line: README.slice(0, m.index).split('\n').length };
}
