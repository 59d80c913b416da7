export {
  LAB_PREFIX,
  LINK_LAB_ADDRESS,
  labAddressProblem,
  loopbackAddressFor,
} from './addresses.js';
export type { LabV3User } from './agent-protocol.js';
export { buildControlApi } from './control-api.js';
export {
  describeFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  faultSpecSchema,
} from './faults.js';
export {
  type ActiveFault,
  Lab,
  LabFaultError,
  type LabNetworkMode,
  type LabSettings,
  type LabSite,
} from './lab.js';
export { labNetworkLeftovers, labNetworkNames } from './netns.js';
export {
  loadScenario,
  parseScenario,
  type Scenario,
  ScenarioError,
  ScenarioPlayer,
} from './scenario.js';
export type { ServedOctets } from './simulated-router.js';
export { syntheticInventory } from './synthetic.js';
export {
  findInfluxd,
  INFLUXD_MEMORY_LIMIT_BYTES,
  type Influxd,
  type InfluxdMemoryLimit,
  type InfluxdOptions,
  startInfluxd,
} from './influxd-process.js';
export {
  type ProcessExit,
  ProcessSupervisor,
  type ProcessSupervisorOptions,
  type SupervisedProcess,
} from './process-supervisor.js';
export {
  DEFAULT_RESTART_BACKOFF,
  planRestart,
  type RestartBackoff,
  restartDelayMs,
} from './restart-backoff.js';
