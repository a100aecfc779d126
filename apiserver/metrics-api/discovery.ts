/** Discovery of the metrics API: its APIGroup entry (also listed in /apis) and its APIResourceList. */

/** metricsApiGroup is metrics.k8s.io's entry in /apis and the body of /apis/metrics.k8s.io. */
export const metricsApiGroup = {
  name: 'metrics.k8s.io',
  versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
  preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
};

/** metricsResourceList is /apis/metrics.k8s.io/v1beta1: read-only nodes and pods, as metrics-server lists them. */
export const metricsResourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'metrics.k8s.io/v1beta1',
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};
