// Two functions on one invoker; OpenWhisk answers a blocking call with HTTP 202 once it has waited
// maxWaitBlocking (1 s here) after the publish: `slow` often runs longer, `fast` never does warm.
export const TIMEOUT_SCENARIO = `name: timeouts
duration: 60s
warmup: 10s
replications: 2
platform: { kind: openwhisk, invokers: 1, timeouts: { maxWaitBlocking: 1s } }
functions:
  - { name: slow, exec: { dist: uniform, min: 0.5s, max: 1.6s } }
  - { name: fast, exec: 10ms }
workload:
  - { function: slow, arrivals: { poisson: 2/s } }
  - { function: fast, arrivals: { poisson: 2/s } }
`;
