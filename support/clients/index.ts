// The API clients the harness uses to seed, read and clean up records and to run the sync.
export { ApiError, isApiError, type ApiErrorCode, type AttemptRecord } from "./http/errors.ts";
export { Redactor, REDACTED } from "./http/redact.ts";
export type { RequestLogEntry, RequestLogHook, Service } from "./http/request-log.ts";
export type { RetryOptions } from "./http/retry.ts";
export type { CallOptions } from "./http/api-client.ts";

export { createYouTrackClient, type YouTrackClient, type YouTrackClientOptions } from "./youtrack/client.ts";
export { hubUserEmail, type HubUser } from "./youtrack/schemas.ts";
export {
  hubQueryValue,
  type UsersResource,
  type UserPage,
  type CreateUserInput,
  type UpdateUserInput,
} from "./youtrack/users.ts";

export {
  createPowerOfficeClient,
  type PowerOfficeClient,
  type PowerOfficeClientOptions,
} from "./poweroffice/client.ts";
export type {
  Customer,
  CustomerInput,
  ContactPerson,
  ContactPersonInput,
  PartyContactPerson,
} from "./poweroffice/schemas.ts";
export type { CustomersResource, FindByEmailOptions } from "./poweroffice/customers.ts";
export type { ContactPersonsResource } from "./poweroffice/contact-persons.ts";
export type { PartyContactPersonsResource, PartyContactPersonPage } from "./poweroffice/party-contact-persons.ts";

export { createSesamClient, type SesamClient, type SesamClientOptions } from "./sesam/client.ts";
export type { Pipe, Pump } from "./sesam/schemas.ts";
export type { PipesResource, PumpOperation } from "./sesam/pipes.ts";
export type { ExecutionLogEntity, ExecutionLogResource, PumpRun, EntitiesParams } from "./sesam/execution-log.ts";
