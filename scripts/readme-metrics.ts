// Rewrites README.md's metrics table from the metric registry: run it after declaring a metric.
import { readFileSync, writeFileSync } from 'node:fs';
import { withMetricsTable } from '../src/output/metrics-table.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withMetricsTable(readFileSync(readme, 'utf8')));
console.log('README.md: metrics table rewritten from the metric registry');
