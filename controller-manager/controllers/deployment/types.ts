/** The deployment controller works on the apps/v1 kinds as defined in api/. */
export type { Deployment, DeploymentStatus, DeploymentStrategy } from '../../../api/apps/v1/deployment.ts';
export type { ReplicaSet } from '../../../api/apps/v1/replicaset.ts';
