// Rewrites README.md's library examples from examples/library/: run it after changing one.
import { readFileSync, writeFileSync } from 'node:fs';
import { withLibraryExamples } from './readme-examples-blocks.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withLibraryExamples(readFileSync(readme, 'utf8'), (path) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')));
console.log('README.md: library examples rewritten from examples/library/');
