/**
 * Real time, for what AWS and Holdfast measure in real time rather than on anything a test can
 * move: the age of a SigV4 signature (server/sigv4.ts) and the retry backoff of event deliveries
 * (services/events/delivery-worker.ts), which talk to real servers. Never business time: that
 * is Clock.now(), which tests freeze and advance.
 */
export const wallNowMs = (): number => Date.now();
