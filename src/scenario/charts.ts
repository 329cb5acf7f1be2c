/** The `charts` block: which summary columns to draw against which (names are checked by the output module). */
import { z } from 'zod';
import type { Problem } from './errors.js';
import { showValue } from './errors.js';
import type { ChartSpec } from './types.js';
import { PARSE_OPTIONS, problemsFromZod } from './zod-issues.js';
import { strictShape } from './zod-helpers.js';

const chartSchema = strictShape({
  x: z.string().min(1),
  y: z.string().min(1),
  color: z.string().min(1).optional(),
  title: z.string().optional(),
});

export function parseCharts(raw: unknown): { charts: ChartSpec[]; problems: Problem[] } {
  if (raw === undefined || raw === null) return { charts: [], problems: [] };
  if (!Array.isArray(raw)) return { charts: [], problems: [{ path: ['charts'], message: `expected a list of charts, got ${showValue(raw)}` }] };
  const charts: ChartSpec[] = [];
  const problems: Problem[] = [];
  raw.forEach((item, i) => {
    const result = chartSchema.safeParse(item, PARSE_OPTIONS);
    if (!result.success) {
      problems.push(...problemsFromZod(result.error.issues, ['charts', i]));
      return;
    }
    const { x, y, color, title } = result.data;
    charts.push({ x, y, ...(color === undefined ? {} : { color }), ...(title === undefined ? {} : { title }) });
  });
  return { charts, problems };
}
