export { CONFIG_FILE, configJsonSchema, configSchema, type ProjectConfig, readProjectConfig } from './config.js';
export {
  DEFAULT_STRATEGY_TEMPLATE,
  type ScaffoldOptions,
  type ScaffoldResult,
  scaffoldProject,
  strategyTemplates,
} from './scaffold.js';
