export type { DashboardAppOptions } from './app.js';
export { type FleetRow, type FleetView, type FleetViewTotals, fleetView } from './fleet-view.js';
export { type FleetHealth, fleetHealth, REJECTED_WINDOW_MS } from './health.js';
export {
  checkDashboardAddress,
  type DashboardOptions,
  DEFAULT_DASHBOARD_HOST,
  DEFAULT_DASHBOARD_PORT,
  type RunningDashboard,
  startDashboard,
} from './server.js';
