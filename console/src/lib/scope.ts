/** The account and Region the console shows; the AWS API's own defaults when none is chosen. */
export interface Scope {
  accountId: string;
  region: string;
}

export const DEFAULT_SCOPE: Scope = { accountId: '000000000000', region: 'us-east-1' };

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export const sameScope = (a: Scope, b: Scope): boolean => a.accountId === b.accountId && a.region === b.region;
