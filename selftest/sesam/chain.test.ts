// The pipe chain mirrors the public connector templates: `-all` pipes read PowerOffice, `-collect` pipes bring the
// records in (Hub users read by their collect itself), merge pipes join them, `-transform` pipes state what each
// written datatype should hold, `-share` pipes write it. Each pipe's config says truthfully what it reads
// (`source.type`) and writes (`sink.type`), and its dependencies name the datasets it reads.
import { expect, test } from "./fixtures.ts";
import { dependencies, pipeConfig } from "../../emulators/sesam/sync/pipe-config.ts";
import { checklist, fixture, JWT, DEFAULT_CHECKLIST, type Stack, DEFAULT_PIPE_ORDER } from "./stack.ts";

interface PipeJson {
  _id: string;
  config: { effective: Record<string, unknown> & { source: Record<string, unknown>; sink: Record<string, unknown> } };
  runtime: { dependencies: string[] };
}

async function pipesOf(stack: Stack): Promise<PipeJson[]> {
  const response = await fetch(`${stack.node.url}/api/pipes`, { headers: { Authorization: `Bearer ${JWT}` } });
  return (await response.json()) as PipeJson[];
}

test("the default checklist's chain, in pump order: -all, -collect, merge, -transform, -share", async ({ stack }) => {
  expect(stack.node.pipes).toEqual(DEFAULT_PIPE_ORDER);
  expect(stack.node.plan.pipes.map((p) => p.kind)).toEqual([
    "all",
    "all",
    "collect",
    "collect",
    "collect",
    "merge",
    "transform",
    "transform",
    "share",
    "share",
  ]);
  // Customers person syncs no property and creates nothing: nothing writes it, so it has no transform or share.
  expect(stack.node.pipes.filter((id) => id.includes("customers-person"))).toEqual([
    "powerofficego-customers-person-all",
    "powerofficego-customers-person-collect",
  ]);
  expect((await pipesOf(stack)).map((p) => p._id)).toEqual(DEFAULT_PIPE_ORDER);
});

test("each pipe's config says what it reads and writes; only -all and Hub's collect read a tenant, only -share writes one", async ({
  stack,
}) => {
  const pipes = await pipesOf(stack);
  const byId = new Map(pipes.map((p) => [p._id, p]));
  const readsTenant = pipes.filter((p) => p.config.effective.source.type === "rest").map((p) => p._id);
  expect(readsTenant).toEqual([
    "powerofficego-contactperson-all",
    "powerofficego-customers-person-all",
    "youtrack-users-collect",
  ]);
  const writesTenant = pipes.filter((p) => p.config.effective.sink.type === "rest").map((p) => p._id);
  expect(writesTenant).toEqual(["youtrack-users-share", "powerofficego-contactperson-share"]);

  expect(byId.get("powerofficego-contactperson-all")?.config.effective.source).toMatchObject({
    type: "rest",
    system: "powerofficego",
    operation: "list",
    supports_since: true,
    properties: { url: "v2/ContactPersons" },
  });
  expect(byId.get("youtrack-users-collect")?.config.effective.source).toMatchObject({
    type: "rest",
    system: "youtrack",
    operation: "users-list",
    supports_since: false,
  });
  const collect = byId.get("powerofficego-contactperson-collect")?.config.effective;
  expect(collect?.source).toEqual({ type: "dataset", dataset: "powerofficego-contactperson-all" });
  expect(collect?.namespaces).toEqual({
    identity: "powerofficego-contactperson",
    property: "powerofficego-contactperson",
  });
  expect(byId.get("youtrack-users-transform")?.config.effective.source).toEqual({
    type: "dataset",
    dataset: "global-person",
  });
  expect(byId.get("powerofficego-contactperson-share")?.config.effective).toMatchObject({
    source: { type: "dataset", dataset: "powerofficego-contactperson-transform" },
    sink: { type: "rest", system: "powerofficego", deletion_tracking: false },
  });
  for (const pipe of pipes) {
    if (!pipe._id.startsWith("global-"))
      expect(pipe.config.effective.sink.type === "rest" || pipe.config.effective.sink.dataset === pipe._id).toBe(true);
  }

  // Dependencies: the datasets each pipe reads (none for a pipe that reads a tenant).
  expect(Object.fromEntries(pipes.map((p) => [p._id, p.runtime.dependencies]))).toEqual({
    "powerofficego-contactperson-all": [],
    "powerofficego-customers-person-all": [],
    "youtrack-users-collect": [],
    "powerofficego-contactperson-collect": ["powerofficego-contactperson-all"],
    "powerofficego-customers-person-collect": ["powerofficego-customers-person-all"],
    "global-person": [
      "youtrack-users-collect",
      "powerofficego-contactperson-collect",
      "powerofficego-customers-person-collect",
    ],
    "youtrack-users-transform": ["global-person"],
    "powerofficego-contactperson-transform": ["global-person"],
    "youtrack-users-share": ["youtrack-users-transform"],
    "powerofficego-contactperson-share": ["powerofficego-contactperson-transform"],
  });

  // The node shows exactly the sync's config (plus its pump section).
  for (const spec of stack.node.plan.pipes) {
    const { pump, ...config } = byId.get(spec.id)?.config.effective ?? { pump: undefined };
    expect(pump).toBeDefined();
    expect(config).toEqual(pipeConfig(spec, stack.node.plan));
    expect(byId.get(spec.id)?.runtime.dependencies).toEqual(dependencies(spec, stack.node.plan));
  }
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [DEFAULT_CHECKLIST, checklist("powerofficego-youtrack.rst")] } });
  test("the merge config names its datasets with their namespaces, one equality set per merge rule, and the flows", async ({
    stack,
  }) => {
    const merge = (await pipesOf(stack)).find((p) => p._id === "global-person")?.config.effective;
    expect(merge?.source).toMatchObject({
      type: "merge",
      version: 2,
      identity: "first",
      datasets: [
        "youtrack-users-collect youtrack-users",
        "powerofficego-contactperson-collect powerofficego-contactperson",
        "powerofficego-customers-person-collect powerofficego-customers-person",
      ],
      equality_sets: [
        ["youtrack-users.profile.email.email", "powerofficego-contactperson.EmailAddress"],
        ["youtrack-users.profile.email.email", "powerofficego-customers-person.EmailAddress"],
      ],
    });
    expect((merge?.metadata as { "talk-qa": { flows: unknown[] } })["talk-qa"].flows).toEqual([
      expect.objectContaining({ namespaces: ["youtrack-users", "powerofficego-contactperson"] }),
      expect.objectContaining({ namespaces: ["youtrack-users", "powerofficego-customers-person"] }),
    ]);
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("create-if-no-match.rst")] } });
  test("a flow that creates records says so in the merge config: a created record merges with its origin", async ({
    stack,
  }) => {
    const merge = (await pipesOf(stack)).find((p) => p._id === "global-person")?.config.effective;
    expect(merge?.source).toMatchObject({
      equality: [
        ["eq", "youtrack-users.$origin", ["ni", "powerofficego-contactperson", "powerofficego-contactperson._id"]],
      ],
    });
  });
});
