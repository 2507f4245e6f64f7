// Three projects: unit tests, and the same integration + authorization tests on SQLite and on MariaDB.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = {
  transform,
  // ESM-only packages jest must transform: jose, the OpenAPI validator, file-type (uploads) and its dependencies.
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|@seriousme/openapi-schema-validator|file-type|strtok3|token-types|@tokenizer/inflate|uint8array-extras|@borewit/text-codec)/)',
  ],
  testEnvironment: 'node',
  rootDir: __dirname,
};
const dbTests = ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/authz/**/*.test.ts'];

module.exports = {
  // Hooks build whole worlds through HTTP on a real database; on a busy 2-core machine 5 s is too tight for them.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/tests/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'sqlite', testMatch: dbTests, setupFiles: ['<rootDir>/tests/helpers/env-sqlite.ts'] },
    { ...common, displayName: 'mariadb', testMatch: dbTests, setupFiles: ['<rootDir>/tests/helpers/env-mysql.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};
