// Item 5 of issue 14, and the pass time of item 3's lower bound, measured in process: a sandbox whose node takes
// `runDurationMs` per pipe run, the harness's own pump driver on the node's own pipe config (as the fixtures make
// it), and passes with nothing to sync. For each pass: how long it took, and how long after the last pipe's run
// ended (the node's `last-run`, written by the same clock) the driver returned.
import { startSandbox } from "../../emulators/sandbox.ts";
import { createSesamClient } from "../../support/clients/sesam/client.ts";
import { createSyncDriver } from "../../support/sync/driver.ts";
import { sesamNodeAccess } from "../../support/sync/node-access.ts";
import { nodeProfile } from "../../support/sync/node-profile.ts";
import { summarize, type Summary } from "./summary.ts";

export interface SyncWaitResult {
  runDurationMs: number;
  pipes: number;
  /** A whole pass with nothing to sync: what one pass costs on this node. */
  passMs: Summary;
  /** The last pipe run's end (the node's `last-run`) to the driver returning from pass(). */
  overheadMs: Summary;
  /** Each pass's overhead, for a figure over several durations. */
  overheadSamplesMs: number[];
  /** A pass's time beyond the node's own (pipes x run duration): every wait between and after the runs. */
  passOverheadMs: Summary;
}

/** `last-run` as Sesam writes it (ISO 8601 with microseconds) in epoch milliseconds, fractions kept. */
export function epochMs(iso: string): number {
  const match = /^(.+T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time: ${iso}`);
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole)) throw new Error(`not an ISO 8601 time: ${iso}`);
  return whole + Number(`0.${match[2] ?? "0"}`) * 1000;
}

export async function measureSyncWait(runDurationMs: number, passes: number): Promise<SyncWaitResult> {
  const sandbox = await startSandbox({ sesam: { runDurationMs, log: () => {} } });
  const sesam = createSesamClient({ baseUrl: sandbox.urls.sesam as string, jwt: sandbox.credentials.sesam.jwt });
  try {
    const order = (sandbox.env.SESAM_PIPES ?? "").split(",").filter(Boolean);
    const profile = nodeProfile(await sesam.pipes.list(), order, null);
    // The fixtures' driver: default poll intervals, no lock (one process).
    const driver = createSyncDriver("pump", sesamNodeAccess(sesam), {
      profile,
      timeoutMs: Math.max(30_000, order.length * runDurationMs * 3),
      maxPasses: 3,
    });
    const last = order[order.length - 1];
    if (!last) throw new Error("the sandbox's node has no pipes");
    const durations: number[] = [];
    const overheads: number[] = [];
    for (let i = 0; i < passes; i++) {
      const pass = await driver.pass();
      const returned = Date.now();
      const lastRun = (await sesam.pipes.runtime(last))["last-run"];
      if (!lastRun) throw new Error(`pipe ${last} shows no last-run after a pass`);
      durations.push(pass.durationMs);
      overheads.push(returned - epochMs(lastRun));
    }
    return {
      runDurationMs,
      pipes: order.length,
      passMs: summarize(durations),
      overheadMs: summarize(overheads, 1),
      overheadSamplesMs: overheads.map((ms) => Math.round(ms * 10) / 10),
      passOverheadMs: summarize(durations.map((ms) => ms - order.length * runDurationMs)),
    };
  } finally {
    await sesam.close();
    await sandbox.close();
  }
}
