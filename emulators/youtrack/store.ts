import { randomUUID } from "node:crypto";
import { ReplicaJournal } from "../http/replica.ts";
import { storeErrors } from "./errors.ts";
import type { HubUser } from "./model.ts";

export interface NewHubUser {
  login: string;
  name?: string;
  email?: string | null;
  verified?: boolean;
  banned?: boolean;
}

export interface HubUserChanges {
  login?: string;
  name?: string;
  email?: { email: string; verified?: boolean } | null;
  banned?: boolean;
}

/** What a GET reads: the live users, or a replica behind them by the read lag (0 unless set: Hub documents none). */
export interface UserReadView {
  list(): HubUser[];
  get(id: string): HubUser | undefined;
}

/** Hub users in memory, in creation order. Logins are unique ignoring case; logins and emails keep their case. */
export class YouTrackStore {
  readonly #users = new Map<string, HubUser>();
  readonly #journal = new ReplicaJournal<string, HubUser>();

  get readLagMs(): number {
    return this.#journal.lagMs;
  }

  set readLagMs(ms: number) {
    this.#journal.lagMs = ms;
  }

  replica(now = Date.now()): UserReadView {
    return {
      // Users deleted within the lag come back at the end of the map: creation time puts them in their place.
      list: () =>
        [...this.#journal.asOf(this.#users, now).values()].sort((a, b) => a.creationTime - b.creationTime).map(copy),
      get: (id) => {
        const user = this.#journal.oneAsOf(id, this.#users.get(id), now);
        return user && copy(user);
      },
    };
  }

  list(): HubUser[] {
    return [...this.#users.values()].map(copy);
  }

  get(id: string): HubUser | undefined {
    const user = this.#users.get(id);
    return user && copy(user);
  }

  findByLogin(login: string): HubUser | undefined {
    const wanted = login.toLowerCase();
    const user = [...this.#users.values()].find((u) => u.login.toLowerCase() === wanted);
    return user && copy(user);
  }

  create(input: NewHubUser): HubUser {
    this.#assertFreeLogin(input.login);
    const user: HubUser = {
      id: randomUUID(),
      login: input.login,
      name: input.name ?? input.login,
      banned: input.banned ?? false,
      guest: false,
      creationTime: Date.now(),
      email: input.email ? { email: input.email, verified: input.verified ?? false } : null,
    };
    this.#users.set(user.id, user);
    this.#journal.record(user.id, undefined);
    return copy(user);
  }

  /** Changes a user; throws a StoreError for an unknown user or a login another user has. */
  update(id: string, changes: HubUserChanges): HubUser {
    const user = this.#users.get(id);
    if (!user) throw storeErrors.notFound(id);
    if (changes.login !== undefined) this.#assertFreeLogin(changes.login, id);
    const next: HubUser = { ...user };
    if (changes.login !== undefined) next.login = changes.login;
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.banned !== undefined) next.banned = changes.banned;
    if (changes.email === null) next.email = null;
    else if (changes.email !== undefined) {
      next.email = { email: changes.email.email, verified: changes.email.verified ?? false };
    }
    this.#users.set(id, next);
    this.#journal.record(id, user);
    return copy(next);
  }

  delete(id: string): void {
    const user = this.#users.get(id);
    if (!user) throw storeErrors.notFound(id);
    this.#journal.record(id, user);
    this.#users.delete(id);
  }

  clear(): void {
    this.#users.clear();
    this.#journal.clear();
  }

  #assertFreeLogin(login: string, exceptId?: string): void {
    const taken = this.findByLogin(login);
    if (taken && taken.id !== exceptId) throw storeErrors.duplicateLogin(login);
  }
}

function copy(user: HubUser): HubUser {
  return { ...user, email: user.email && { ...user.email } };
}
