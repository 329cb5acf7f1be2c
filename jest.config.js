// ESM + swc: swc only transpiles, `npm test` type-checks with tsc first.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }] },
  // 'secfaas' (the library examples' import) is the built package, as a user gets it
  moduleNameMapper: { '^secfaas$': '<rootDir>/dist/index.js', '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
};
