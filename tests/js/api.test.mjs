// The shared API suite (suite.mjs) in Node, against the package as installed.
import { test } from 'node:test';
import { kw } from './package.mjs';
import { tests } from './suite.mjs';

for (const [name, fn] of tests(kw)) test(name, fn);
