/** PutRestoreValidationResult: a restore test's own validation verdict, recorded on its restore job. */
import { invalidRequest } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { ServiceDeps } from '../deps.js';
import type { RestoreJobRecord } from '../jobs/job-record.js';
import type { Handlers } from '../registry.js';
import type { RestoreTestingWorker } from './worker.js';
import { requireJob } from '../jobs/job-lookup.js';

export function validationResultHandlers(deps: ServiceDeps, jobs: JobsStore, worker: RestoreTestingWorker): Handlers {
  return {
    PutRestoreValidationResult: async (input, ctx) => {
      const id = input.RestoreJobId!;
      const status = input.ValidationStatus!;
      await deps.store.atomically(async () => {
        const job = await requireJob<RestoreJobRecord>(jobs, 'restore', ctx, id);
        if (!job.planArn) {
          throw invalidRequest(`Restore job ${id} was not started by a restore testing plan; validation results apply only to restore testing jobs.`);
        }
        if (job.state !== 'COMPLETED') {
          throw invalidRequest(`Restore job ${id} is ${job.state}; a validation result can be sent only for a COMPLETED restore job.`);
        }
        if (job.deletionStatus !== undefined) {
          throw invalidRequest(`The validation window of restore job ${id} has closed and its restored resource is ${job.deletionStatus === 'DELETING' ? 'being deleted' : 'deleted'}.`);
        }
        // The stricter reading: a final verdict (SUCCESSFUL, FAILED, TIMED_OUT) is not replaced.
        if (job.validationStatus !== undefined && job.validationStatus !== 'VALIDATING') {
          throw invalidRequest(`Restore job ${id} already has the final validation status ${job.validationStatus}.`);
        }
        job.validationStatus = status;
        job.validationStatusMessage = input.ValidationStatusMessage;
        await jobs.update([job]);
        if (status !== 'VALIDATING') await worker.validationFinished(id, ctx.now.getTime());
      });
      return {};
    },
  };
}
