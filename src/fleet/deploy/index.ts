export { COMPOSE_FILE } from './compose.js';
export { NODE_IMAGE } from './dockerfile.js';
export { type DeployOptions, type DeployPlan, deployCommands, deployPlan, dnsName } from './plan.js';
export {
  composeDeploymentFiles,
  DEFAULT_OUT,
  type DeploymentResult,
  type DeployTarget,
  fleetVersion,
  type WriteDeploymentOptions,
  writeDeployment,
} from './write.js';
