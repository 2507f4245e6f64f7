// Three projects: unit tests, and the same integration + authorization tests on SQLite and on MariaDB.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(jose|@seriousme/openapi-schema-validator)/)'],
  testEnvironment: 'node',
  rootDir: __dirname,
};
const dbTests = ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/authz/**/*.test.ts'];

module.exports = {
  reporters: ['default', '<rootDir>/tests/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'sqlite', testMatch: dbTests, setupFiles: ['<rootDir>/tests/helpers/env-sqlite.ts'] },
    { ...common, displayName: 'mariadb', testMatch: dbTests, setupFiles: ['<rootDir>/tests/helpers/env-mysql.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};
