// Rewrites README.md's headline block (the paper's claims, as `npm start` prints them) from a run of
// scenarios/clemmys/headline.yaml: run it after a change that moves the reproduction's verdicts.
import { readFileSync, writeFileSync } from 'node:fs';
import { headlineBlock, withHeadline } from '../test/readme-headline.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withHeadline(readFileSync(readme, 'utf8'), await headlineBlock()));
console.log("README.md: the headline's verdicts rewritten from a run of scenarios/clemmys/headline.yaml");
