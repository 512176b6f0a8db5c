// Extra `npm test` stages (scripts/test.mjs appends them after its own); a plain array so other
// suites can append theirs.
import { readFileSync } from 'node:fs';

export const stages = [
  {
    name: 'django',
    cmd: '/usr/bin/python3',
    args: ['django/run_tests.py'],
    counts: () => JSON.parse(readFileSync('.test-results/django.json', 'utf8')),
  },
];
