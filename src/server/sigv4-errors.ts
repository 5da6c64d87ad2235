/**
 * The errors AWS's front door answers to a request it cannot authenticate, with the status
 * codes AWS uses for REST-JSON services (docs/security.md lists each with its source). They are
 * not in AWS Backup's model: the SDKs raise them by the x-amzn-ErrorType name.
 */
import { ServiceError } from '../protocol/errors.js';

export type AuthErrorName =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  | 'AccessDeniedException';

const STATUS: Record<AuthErrorName, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  AccessDeniedException: 403,
};

export const authError = (name: AuthErrorName, message: string): ServiceError => new ServiceError(name, message, STATUS[name]);
export const badSignature = (message: string): ServiceError => authError('InvalidSignatureException', message);

/** AWS's text for a signature that does not match; it never says which part differed. */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
/** AWS's text for an access key id it does not know, or a session token that is not the key's. */
export const UNRECOGNIZED_TOKEN = 'The security token included in the request is invalid.';
