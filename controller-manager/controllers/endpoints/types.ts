/** The endpoints controller works on the core/v1 kinds as defined in api/. */
export type { Service, ServicePort } from '../../../api/core/v1/service.ts';
export type { Endpoints, EndpointAddress, EndpointPort, EndpointSubset } from '../../../api/core/v1/endpoints.ts';
