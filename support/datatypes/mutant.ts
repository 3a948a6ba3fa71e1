// A deliberately wrong mapping in the harness, to prove the sandbox does not mirror it: the reference sync has its
// own mapping (emulators/sesam/sync/mapping.ts), so a harness that reads and writes the wrong API field for a
// checklist property must fail against it. Selftest only (selftest/trust/independence.test.ts); set through
// TALK_QA_CODEC_MUTANT=<datatype key>:<property>=<other property>, e.g. poweroffice/contactperson:EmailAddress=Title.
import type { DatatypeCodec, PropertyCodec } from "../codecs/index.ts";
import { datatypeCodec } from "../codecs/datatype.ts";

export interface CodecMutant {
  datatype: string;
  property: string;
  /** The property whose API field the mutated one reads and writes instead. */
  actually: string;
}

export function parseMutant(text: string | undefined): CodecMutant | null {
  if (!text) return null;
  const match = /^([a-z]+\/[a-z-]+):([\w.]+)=([\w.]+)$/i.exec(text.trim());
  if (!match)
    throw new Error(`TALK_QA_CODEC_MUTANT: expected <datatype key>:<property>=<other property>, got "${text}"`);
  return { datatype: match[1] as string, property: match[2] as string, actually: match[3] as string };
}

/** The codec with one property reading and writing another's API field (same name, spellings and type). */
export function mutateCodec(codec: DatatypeCodec, mutant: CodecMutant): DatatypeCodec {
  const wrong = codec.property(mutant.property);
  const field = codec.property(mutant.actually);
  if (!wrong || !field)
    throw new Error(
      `TALK_QA_CODEC_MUTANT: ${codec.system}/${codec.datatype} has no ${wrong ? mutant.actually : mutant.property}`,
    );
  const mutated: PropertyCodec = { ...wrong, read: field.read, write: field.write };
  return datatypeCodec(
    codec.system,
    codec.datatype,
    codec.properties.map((property) => (property === wrong ? mutated : property)),
  );
}
