import type { IntOrString, KubeObject } from '../../../api/meta/v1/object-meta.ts';

/** ServicePort is the part of a core/v1 ServicePort the endpoints controller reads. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: IntOrString;
  appProtocol?: string;
}

/** Service is the subset of core/v1 Service the endpoints controller reads. */
export interface Service extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[]; clusterIP?: string; publishNotReadyAddresses?: boolean; type?: string };
}

/** EndpointAddress as in core/v1. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}

/** EndpointPort as in core/v1. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

/** EndpointSubset as in core/v1. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Endpoints as in core/v1. */
export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}
