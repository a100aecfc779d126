export { resourcePath } from '../client/paths.ts';

/** tableAccept asks the server for a meta.k8s.io Table, falling back to plain JSON. */
export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
