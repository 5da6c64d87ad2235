/**
 * Wall time, for what happens in real time rather than on the business clock: the retry backoff
 * of event deliveries (services/events/delivery-worker.ts), which talk to real servers.
 * Business time comes from Clock only.
 */
export const wallNowMs = (): number => Date.now();
