/**
 * The `holdfast` package: `import { startHoldfast, connectHoldfast } from "holdfast"`.
 * Only src/api/ is public; the server's internals are not part of this entry.
 */
export { startHoldfast } from './api/start.js';
export { connectHoldfast } from './api/connect.js';
export { HoldfastError } from './api/errors.js';
export type {
  BackupEvent,
  ClientConfig,
  ClockState,
  ConnectOptions,
  Credentials,
  CredentialsDocument,
  Duration,
  EventDelivery,
  EventFilter,
  EventLogEntry,
  Holdfast,
  HoldfastClock,
  HoldfastEvents,
  HoldfastOrganization,
  HoldfastReports,
  HoldfastResources,
  Instant,
  ListedKey,
  OrganizationDocument,
  ResourceEntry,
  S3Options,
  StackMember,
  StartOptions,
  VaultNotificationMessage,
} from './api/types.js';
