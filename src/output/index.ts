export { aggregate, metricColumns, sortMetricNames, ALL_FUNCTIONS, CANONICAL_METRICS, type AggregateGroup } from '../metrics/aggregate.js';
export { summaryRows, STATISTICS, type SummaryRow, type Statistic } from './rows.js';
export { summaryCsv, summaryCsv as formatSummaryCsvStdout } from './summary-csv.js';
export { summaryJson, summaryJson as formatSummaryJsonStdout } from './summary-json.js';
export { timeseriesCsv } from './timeseries-csv.js';
export { writeOutputs, writeTimeseriesCsv, type OutputFile } from './write.js';
export { resultFiles } from './files.js';
export { formatSummaryTable, type SummaryTableOptions } from './table.js';
export { formatNumber, formatEstimate, formatMetricValue } from './format.js';
