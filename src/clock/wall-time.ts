/**
 * Real time, for the few checks AWS makes against real time rather than against anything a
 * test can move: the age of a SigV4 signature (server/sigv4.ts). Never business time: that is
 * Clock.now(), which tests freeze and advance.
 */
export const wallNowMs = (): number => Date.now();
