// A share pipe's inserts: a transform entity without `$based_on` is a record to create, made from the record its
// `$origin` names. It is made once (the share dataset remembers `$origin` -> `$generated_id`, and the collect pipe
// carries `$origin` into the new record, so the merge links the two), only while the source still holds the values
// it was asked with, with the defaults the API requires (resources.ts).
import type { StoredEntity } from "../dataset.ts";
import { storeCollected } from "./collect.ts";
import type { RunContext } from "./context.ts";
import type { SyncSide } from "./plan.ts";
import type { DatatypeAdapter } from "./resources.ts";
import { changesFor, refused, sourcesHold, syncOf, type Outcome, type ShareCounters } from "./share-common.ts";

export async function createRecord(
  side: SyncSide,
  adapter: DatatypeAdapter,
  entity: StoredEntity,
  ctx: RunContext,
  counters: ShareCounters,
): Promise<Outcome> {
  const sync = syncOf(entity);
  const origin = String(entity.$origin);
  const duplicateOf = sync.duplicateOf;
  const links = sync.flow === undefined ? undefined : ctx.state.linksOf(sync.flow);
  if (duplicateOf !== undefined ? links?.duplicated.has(duplicateOf) : ctx.state.createdFrom(side.key, origin)) {
    return "unchanged";
  }
  if (!sourcesHold(sync, ctx)) {
    // The source changed since the merge asked: a record made from the older values would be the pair's newest
    // change and win over the edit. The next merge asks again with the values as they are.
    counters.stale++;
    return "retry";
  }
  if (!ctx.behaviour.writesTo(side.mapping.system)) {
    counters.blocked++;
    return "retry";
  }
  const changes = changesFor(side, undefined, entity, sync, ctx);
  const create = async (): Promise<void> => {
    const record = await adapter.create({ changes, name: sync.name ?? "" }, ctx.signal);
    const id = adapter.key(record).id;
    // The copy the duplicate-creates defect makes stays unlinked: it carries no `$origin`.
    if (duplicateOf === undefined) ctx.state.setOrigin(side.key, id, origin);
    else links?.duplicated.add(duplicateOf);
    storeCollected(side, adapter, ctx.state, record, new Date().toISOString());
    ctx.state.sharedOf(side.key).put(entity._id, {
      $ids: entity.$ids,
      $origin: origin,
      $generated_id: id,
      written: Object.fromEntries(changes.map((c) => [c.field.path, c.value])),
    });
  };
  if (ctx.behaviour.lateWrites) {
    counters.deferred++;
    ctx.later(`create ${side.key} from ${origin}${duplicateOf ? " (copy)" : ""}`, create);
    return "deferred";
  }
  try {
    await create();
    counters.created++;
    return "written";
  } catch (error) {
    if (!refused(error)) throw error;
    counters.failed++;
    ctx.log(`${side.key}: create from ${origin} refused: ${error.message}`);
    return "failed";
  }
}
