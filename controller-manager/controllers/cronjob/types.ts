/** The cronjob controller works on the batch/v1 CronJob as defined in api/. */
export type { CronJob } from '../../../api/batch/v1/cronjob.ts';
