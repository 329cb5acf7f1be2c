export { summaryCsv, summaryStatisticsCsv } from './summary-csv.js';
export { summaryJson } from './summary-json.js';
export { assembleTimeseriesCsv, TimeseriesCsvWriter, timeseriesLayout, type TimeseriesLayout } from './timeseries-csv.js';
export { writeOutputs, type OutputFile } from './write.js';
export { resultFiles } from './files.js';
export { formatSummaryTable } from './table.js';
export { claimsCount, formatClaimTable } from './claims-table.js';
export { toJUnitXml } from './junit.js';
export { claimsCsv, claimsJson } from './claims-data.js';
