// Every Sesam node path the client uses, relative to the node's API base (`<node>/api`).
import { segment } from "../http/url.ts";

export const sesam = {
  pipes: () => "/pipes",
  pipe: (id: string) => `/pipes/${segment(id)}`,
  pump: (id: string) => `/pipes/${segment(id)}/pump`,
  runAllPipes: () => "/pipes/run-all-pipes",
  runnerStatus: () => "/pipes/get-pipe-runner-status",
  stopRunAllPipes: () => "/pipes/stop-run-all-pipes",
  dataset: (datasetId: string) => `/datasets/${segment(datasetId)}`,
  datasetEntities: (datasetId: string) => `/datasets/${segment(datasetId)}/entities`,
  /** A pipe's pump execution log is a dataset of its own. */
  executionLogDataset: (pipeId: string) => `system:pump_execution:${pipeId}`,
} as const;
