import { describe, expect, test } from '@jest/globals';
import { batchArrivalSingleServer } from '../../../src/metrics/queueing.js';
import { QuotingEnclave } from '../../../src/tee/sgx/attestation.js';
import { hardwareProfile } from '../../../src/tee/sgx/hardware.js';

const j5005 = hardwareProfile('gemini-lake-j5005');

describe('the quoting enclave: one quote at a time per invoker', () => {
  test.each([1, 2, 10, 37])('a storm of %d simultaneous requests: mean wait and time of a FIFO single server', (n) => {
    const qe = new QuotingEnclave(j5005.quoteSeconds);
    const answers = Array.from({ length: n }, () => qe.request(5));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const closed = batchArrivalSingleServer(n, j5005.quoteSeconds);
    expect(mean(answers.map((a) => a.waitSeconds))).toBeCloseTo(closed.meanWaitSeconds, 12);
    expect(mean(answers.map((a) => a.doneSeconds - 5))).toBeCloseTo(closed.meanTimeSeconds, 12);
  });

  test('a request after the queue emptied does not wait', () => {
    const qe = new QuotingEnclave(0.039);
    qe.request(0);
    expect(qe.request(0.02).waitSeconds).toBeCloseTo(0.019, 12);
    expect(qe.request(1).waitSeconds).toBe(0);
  });
});
