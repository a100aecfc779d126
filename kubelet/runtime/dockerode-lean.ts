/**
 * dockerode-lean loads dockerode without the packages of features the kubelet never uses:
 * dockerode requires gRPC + protobuf (BuildKit sessions) and tar-fs + dockerignore (image build
 * contexts), and docker-modem requires ssh2 (ssh:// engines), all at load time. The kubelet talks
 * to a local socket or tcp:// endpoint and never builds images, yet those trees cost ≈9 MB of
 * resident memory in every kubelet (tar-fs and its streams ≈0.7 MB of that). A module hook hands
 * dockerode and docker-modem a stub for them instead; using the stub throws a clear error.
 */
import { createRequire, registerHooks } from 'node:module';
import type DockerodeClass from 'dockerode';

/** UnusedPackages are the packages dockerode/docker-modem load but the kubelet never calls. */
const UnusedPackages = new Set(['@grpc/grpc-js', '@grpc/proto-loader', 'ssh2', 'tar-fs', '@balena/dockerignore']);
const StubUrl = 'skiff-stub:unused-docker-transport';

// Any property is a function that throws when called or constructed: ssh.js reads `.Client` at
// load time, and only calling it would mean the kubelet actually needed the transport.
const stubSource = `module.exports = new Proxy({}, { get: (_, name) => function unavailable() {
  throw new Error('skiff kubelet: ' + String(name) + ' of an ssh:// transport, BuildKit or image builds is not available (kubelet/runtime/dockerode-lean.ts)');
} });`;

registerHooks({
  resolve(specifier, context, next) {
    const fromDocker = /\/node_modules\/(dockerode|docker-modem)\//.test(context.parentURL ?? '');
    if (fromDocker && UnusedPackages.has(specifier)) return { url: StubUrl, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url === StubUrl) return { format: 'commonjs', source: stubSource, shortCircuit: true };
    return next(url, context);
  },
});

/** Dockerode is dockerode's client class, loaded after the stub hook is in place. */
export const Dockerode = createRequire(import.meta.url)('dockerode') as typeof DockerodeClass;
