// v1 (legacy) contact persons, on the v1 host: read-only here, because it is what Sesam's connector reads, so a
// spec can check what Talk will see. OData paging (`$top`, `$skip`) and `$filter`; one person by its customer and id.
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { jsonResponse, type ResponseHandler } from "../http/response.ts";
import { poweroffice } from "./paths.ts";
import { PartyContactPersonAnswerSchema, PartyContactPersonPageSchema, type PartyContactPerson } from "./schemas.ts";

export interface PartyContactPersonPage {
  data: PartyContactPerson[];
  count?: number;
}

export interface PartyContactPersonsResource {
  /** `filter` is an OData expression, e.g. `emailAddress eq 'a@b.no'`. */
  list(
    params?: { top?: number; skip?: number; filter?: string },
    options?: CallOptions,
  ): Promise<PartyContactPersonPage>;
  /** `GET Customer/{partyId}/Contact/{id}`; null when v1 answers `success: false` (how it says "not found"). */
  get(partyId: number, id: number, options?: CallOptions): Promise<PartyContactPerson | null>;
}

const readPage = jsonResponse(PartyContactPersonPageSchema);
const readOne = jsonResponse(PartyContactPersonAnswerSchema);

// v1 reports failures in the body of a 200 (docs/api/rest/apicalls.md); for a list that is an error here, with the
// body as evidence.
const pageOrFailure: ResponseHandler<PartyContactPersonPage> = (res, invalid) => {
  const page = readPage(res, invalid);
  if (page.success === false || page.data === undefined) {
    throw invalid(`v1 answered success: false (${page.validation?.summary ?? "no summary"})`);
  }
  return { data: page.data, count: page.count };
};

const personOrNull: ResponseHandler<PartyContactPerson | null> = (res, invalid) => {
  const answer = readOne(res, invalid);
  if (answer.success === false) return null;
  if (answer.data === undefined) throw invalid("v1 answered without data and without success: false");
  return answer.data;
};

export function createPartyContactPersonsResource(api: ApiClient): PartyContactPersonsResource {
  return {
    list: (params = {}, options = {}) =>
      api.call({
        method: "GET",
        path: poweroffice.partyContactPersons(),
        query: { $top: params.top, $skip: params.skip, $filter: params.filter },
        safety: "read",
        response: pageOrFailure,
        signal: options.signal,
      }),

    get: (partyId, id, options = {}) =>
      api.call({
        method: "GET",
        path: poweroffice.partyContactPerson(partyId, id),
        safety: "read",
        response: personOrNull,
        signal: options.signal,
      }),
  };
}
