/**
 * Starts one Holdfast for the whole test run and hands its endpoint to every test file.
 * With HOLDFAST_ENDPOINT set (a `holdfast serve` started elsewhere, a CI service), the tests use
 * that server instead: the switch is configuration only.
 */
import { connectHoldfast, startHoldfast } from 'holdfast';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const shared = process.env.HOLDFAST_ENDPOINT;
  const hf = shared ? await connectHoldfast(shared) : await startHoldfast({ frozenClock: true });
  project.provide('holdfastEndpoint', hf.endpoint);
  return () => hf.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    holdfastEndpoint: string;
  }
}
