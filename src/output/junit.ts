import type { ClaimVerdict } from '../claims/evaluate.js';
import { claimBoundText, claimMessage, pointText } from './claims-table.js';

/** Escapes text and attribute values; drops characters XML 1.0 cannot carry at all. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcaseName(v: ClaimVerdict): string {
  return Object.keys(v.point).length === 0 ? v.claim : `${v.claim} @ ${pointText(v.point)}`;
}

/**
 * JUnit XML for CI: one testsuite per scenario file, one testcase per claim x point. A verdict that
 * is not ok (fail, error, inconclusive not allowed) is a <failure>, typed by its verdict, so CI
 * counts all of them as failures; no timestamps, so the report is reproducible.
 */
export function toJUnitXml(verdicts: readonly ClaimVerdict[]): string {
  const suites = new Map<string, ClaimVerdict[]>();
  for (const v of verdicts) {
    const key = JSON.stringify([v.scenario, v.file]);
    const list = suites.get(key) ?? [];
    list.push(v);
    suites.set(key, list);
  }
  const failures = verdicts.filter((v) => !v.ok).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="secfaas claims" tests="${verdicts.length}" failures="${failures}" errors="0">`,
  ];
  for (const list of suites.values()) {
    const { scenario, file } = list[0];
    const suiteFailures = list.filter((v) => !v.ok).length;
    lines.push(`  <testsuite name="${xmlEscape(scenario)}" file="${xmlEscape(file)}" tests="${list.length}" failures="${suiteFailures}" errors="0" skipped="0">`);
    for (const v of list) {
      const open = `    <testcase classname="${xmlEscape(scenario)}" name="${xmlEscape(testcaseName(v))}" file="${xmlEscape(file)}"`;
      const message = claimMessage(v);
      const detail = `${message}\nmetric: ${v.metric}, variant: ${v.variant}${v.baseline !== undefined ? `, baseline: ${v.baseline}` : ''}, bound: ${claimBoundText(v)}`;
      if (v.ok && v.verdict === 'pass' && v.paper !== undefined) {
        // a paper's claim passes its check whether or not the paper's claim holds: say which
        lines.push(`${open}>`, `      <system-out>${xmlEscape(`paper's claim: ${v.paper}; ${detail}`)}</system-out>`, '    </testcase>');
      } else if (v.ok && v.verdict === 'pass') {
        lines.push(`${open}/>`);
      } else if (v.ok) {
        lines.push(`${open}>`, `      <system-out>${xmlEscape(`inconclusive (allowed): ${detail}`)}</system-out>`, '    </testcase>');
      } else {
        lines.push(
          `${open}>`,
          `      <failure type="${v.verdict}" message="${xmlEscape(`${v.verdict}: ${message}`)}">${xmlEscape(detail)}</failure>`,
          '    </testcase>',
        );
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
