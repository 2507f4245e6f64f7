export { loadConfig, ConfigError } from './load-config';
export type { Config, DatabaseConfig } from './config.schema';
