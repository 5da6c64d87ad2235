/** Units of business time in milliseconds, and the one conversion of stored epoch ms to output dates. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A stored epoch-millisecond time as an output Date; undefined stays undefined. */
export const optionalDate = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** 100 years in days (36500): AWS's upper bound for settings in days (lifecycles, Vault Lock, tiering, ...). */
export const MAX_DAYS = 36_500;
/** 100 years in minutes: AWS's maximum for a job's or a rule's start and completion windows. */
export const MAX_WINDOW_MINUTES = 52_560_000;
