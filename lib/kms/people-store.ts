import type { AuditEventInput } from './types';

/**
 * A person as stored (Better Auth's user row plus Keyfort's columns). `role` is the raw column: a value
 * Keyfort does not know is kept as it is, shown as unknown, and grants nothing (SPEC §9, fail closed).
 */
export interface PersonRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  twoFactorEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewPerson extends Omit<PersonRecord, 'disabledAt' | 'lastSignInAt' | 'twoFactorEnabled'> {}

/** Only what is present is written. */
export type PersonPatch = Partial<Pick<PersonRecord, 'role' | 'disabledAt'>> & { updatedAt: Date };

/** A one-time set-password link as stored: only the SHA-256 of its token, never the token. */
export interface PasswordLinkRecord {
  id: string;
  /** SHA-256 of the token, lowercase hex. */
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Everything a change to people may do, inside one database transaction. The store's `transaction` takes
 * the people lock before `fn` runs (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock
 * BEGIN IMMEDIATE holds), so changes to people run one after another and a count of active administrators
 * read inside stays true until commit: two administrators demoting each other cannot both pass the check.
 */
export interface PeopleStoreTx {
  findPerson(id: string): Promise<PersonRecord | null>;
  /** Emails are stored lower-case; the argument must be too. */
  findPersonByEmail(email: string): Promise<PersonRecord | null>;
  /** People with role ADMINISTRATOR and no disabledAt. */
  countActiveAdministrators(): Promise<number>;
  /** False (nothing written) when the email is taken. */
  insertPerson(person: NewPerson): Promise<boolean>;
  /** False when no such person. */
  updatePerson(id: string, patch: PersonPatch): Promise<boolean>;
  /** Deletes the person with their sessions, password account, links and MFA rows (cascade). */
  deletePerson(id: string): Promise<boolean>;
  /** Ends every session of the person; returns how many there were. */
  deleteSessions(userId: string): Promise<number>;
  /** Revokes (keeps, destroys the secret of) every unrevoked access key the person owns; returns their IDs. */
  revokeAccessKeysOf(userId: string, now: Date): Promise<string[]>;
  /** Deletes the person's earlier links and stores this one. */
  replacePasswordLink(link: PasswordLinkRecord): Promise<void>;
  findPasswordLinkByHash(tokenHash: string): Promise<PasswordLinkRecord | null>;
  /** UPDATE … SET usedAt = now WHERE id = ? AND usedAt IS NULL AND expiresAt > now: false when it lost. */
  consumePasswordLink(id: string, now: Date): Promise<boolean>;
  /** Creates or replaces the person's password (Better Auth's credential account row). */
  setPassword(userId: string, passwordHash: string, now: Date): Promise<void>;
  insertAudit(event: AuditEventInput): Promise<void>;
}

export interface PeopleStore {
  /** Runs fn in one transaction under the people lock; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: PeopleStoreTx) => Promise<T>): Promise<T>;
  /** Everyone, ordered by email. */
  listPeople(): Promise<PersonRecord[]>;
  findPerson(id: string): Promise<PersonRecord | null>;
  /** Sets lastSignInAt (no lock: it decides nothing). */
  recordSignIn(userId: string, at: Date): Promise<void>;
}
