/**
 * The `holdfast` package: `import { startHoldfast, connectHoldfast } from "holdfast"`.
 * Only src/api/ is public; the server's internals are not part of this entry.
 */
export { startHoldfast } from './api/start.js';
export { connectHoldfast } from './api/connect.js';
export { HoldfastError } from './api/errors.js';
export type {
  ClientConfig,
  ClockState,
  ConnectOptions,
  Credentials,
  CredentialsDocument,
  Duration,
  Holdfast,
  HoldfastClock,
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
} from './api/types.js';
