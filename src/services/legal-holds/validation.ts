/** Checks of CreateLegalHold and CancelLegalHold input that the model alone does not express. */
import type { CreateLegalHoldInput } from '@aws-sdk/client-backup';
import { createHash } from 'node:crypto';
import { invalidParameter } from '../../protocol/errors.js';
import type { LegalHoldSelection } from '../../store/repos/legal-hold-store.js';
import { parseArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import { VAULT_NAME, VAULT_NAME_RULE } from '../common/names.js';
import { DAY_MS, MAX_DAYS } from '../common/time.js';


function requireText(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw invalidParameter(`${name} must not be empty.`);
  return value;
}

/** Validates a CreateLegalHold request at `nowMs`; answers the stored form of its selection. */
export function validateCreate(input: CreateLegalHoldInput, nowMs: number): { title: string; description: string; selection?: LegalHoldSelection } {
  const title = requireText(input.Title, 'Title');
  const description = requireText(input.Description, 'Description');
  if (input.Tags) validateTags(input.Tags);
  const sel = input.RecoveryPointSelection;
  if (!sel) return { title, description };
  const selection: LegalHoldSelection = {};
  if (sel.VaultNames) {
    for (const name of sel.VaultNames) {
      if (!VAULT_NAME.test(name)) {
        throw invalidParameter(`Invalid vault name '${name}' in RecoveryPointSelection.VaultNames: ${VAULT_NAME_RULE}.`);
      }
    }
    selection.vaultNames = [...sel.VaultNames];
  }
  if (sel.ResourceIdentifiers) {
    for (const id of sel.ResourceIdentifiers) {
      if (!parseArn(id)) {
        throw invalidParameter(`Invalid resource identifier '${id}' in RecoveryPointSelection.ResourceIdentifiers: give the resource's ARN.`);
      }
    }
    selection.resourceIdentifiers = [...sel.ResourceIdentifiers];
  }
  if (sel.DateRange) {
    // The protocol layer already refused a DateRange without FromDate or ToDate.
    const from = sel.DateRange.FromDate!.getTime();
    const to = sel.DateRange.ToDate!.getTime();
    if (from > to) {
      throw invalidParameter(
        `DateRange.FromDate (${iso(from)}) must not be after DateRange.ToDate (${iso(to)}).`,
      );
    }
    for (const [name, value] of [['FromDate', from], ['ToDate', to]] as const) {
      if (value > nowMs) {
        throw invalidParameter(`DateRange.${name} (${iso(value)}) is in the future; future dates are not permitted (now is ${iso(nowMs)}).`);
      }
    }
    selection.dateRange = { fromDate: from, toDate: to };
  }
  return { title, description, selection };
}

/** A fingerprint of what a create request asks for, to compare retries with the same token. */
export function requestFingerprint(input: CreateLegalHoldInput, selection: LegalHoldSelection | undefined): string {
  const tags = Object.entries(input.Tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([input.Title, input.Description, selection ?? null, tags]))
    .digest('base64url');
}

export function validateCancel(cancelDescription: string | undefined, retainRecordInDays: number | undefined, nowMs: number): { cancelDescription: string; retainRecordUntil?: number } {
  const text = requireText(cancelDescription, 'CancelDescription');
  if (retainRecordInDays === undefined) return { cancelDescription: text };
  // AWS gives no upper bound; 100 years keeps dates representable (stricter reading).
  if (!Number.isInteger(retainRecordInDays) || retainRecordInDays < 0 || retainRecordInDays > MAX_DAYS) {
    throw invalidParameter(`RetainRecordInDays must be an integer between 0 and ${MAX_DAYS}; got ${retainRecordInDays}.`);
  }
  return { cancelDescription: text, retainRecordUntil: nowMs + retainRecordInDays * DAY_MS };
}

const iso = (ms: number): string => new Date(ms).toISOString();
