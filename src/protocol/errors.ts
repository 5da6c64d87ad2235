/**
 * The one error type of Holdfast. `name` is an error shape of the model
 * (ResourceNotFoundException, InvalidParameterValueException, ...) or, for protocol-level
 * failures, the name AWS's front door uses (SerializationException, UnknownOperationException).
 */
export class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape, such as CreatorRequestId, Arn, Type or Context. */
    readonly fields: Record<string, string | undefined> = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string, fields?: Record<string, string | undefined>): ServiceError =>
  new ServiceError('ResourceNotFoundException', message, 400, fields);
export const invalidParameter = (message: string): ServiceError =>
  new ServiceError('InvalidParameterValueException', message);
export const missingParameter = (message: string): ServiceError =>
  new ServiceError('MissingParameterValueException', message);
export const invalidRequest = (message: string): ServiceError => new ServiceError('InvalidRequestException', message);
export const invalidState = (message: string): ServiceError =>
  new ServiceError('InvalidResourceStateException', message);
export const alreadyExists = (message: string, fields?: Record<string, string | undefined>): ServiceError =>
  new ServiceError('AlreadyExistsException', message, 400, fields);
export const limitExceeded = (message: string): ServiceError => new ServiceError('LimitExceededException', message);
export const conflict = (message: string): ServiceError => new ServiceError('ConflictException', message);

/** The wire envelope: x-amzn-ErrorType carries the name; the JSON body Message, Code and extras. */
export function errorBody(error: ServiceError): string {
  const body: Record<string, string> = { Message: error.message, Code: error.name };
  body.Type = error.status >= 500 ? 'Server' : 'User';
  for (const [k, v] of Object.entries(error.fields)) if (v !== undefined) body[k] = v;
  return JSON.stringify(body);
}
