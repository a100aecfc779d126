import { describe, expect, it } from 'vitest';
import { isCIdentifier, isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isPortName, isValidPathSegmentName } from './names.ts';

type Check = (v: string) => string[];
const cases: [string, Check, string, boolean][] = [
  ['label ok', isDNS1123Label, 'my-name', true],
  ['label digits first', isDNS1123Label, '123-abc', true],
  ['label uppercase', isDNS1123Label, 'My-name', false],
  ['label dot', isDNS1123Label, 'a.b', false],
  ['label trailing dash', isDNS1123Label, 'a-', false],
  ['label 63', isDNS1123Label, 'a'.repeat(63), true],
  ['label 64', isDNS1123Label, 'a'.repeat(64), false],
  ['label empty', isDNS1123Label, '', false],
  ['subdomain dots', isDNS1123Subdomain, 'example.com', true],
  ['subdomain ..', isDNS1123Subdomain, '..', false],
  ['subdomain slash', isDNS1123Subdomain, 'a/b', false],
  ['subdomain 254', isDNS1123Subdomain, 'a'.repeat(254), false],
  ['subdomain underscore', isDNS1123Subdomain, 'a_b', false],
  ['1035 letter first', isDNS1035Label, 'svc-1', true],
  ['1035 digit first', isDNS1035Label, '1svc', false],
  ['c identifier', isCIdentifier, 'MY_VAR', true],
  ['c identifier dash', isCIdentifier, 'MY-VAR', false],
  ['env relaxed dash', isEnvVarName, 'MY-VAR.x', true],
  ['env digit first', isEnvVarName, '1ABC', true],
  ['env equals', isEnvVarName, 'A=B', false],
  ['env empty', isEnvVarName, '', false],
  ['env non-printable', isEnvVarName, 'A\tB', false],
  ['config key', isConfigMapKey, 'app.properties', true],
  ['config key dot', isConfigMapKey, '.', false],
  ['config key dotdot prefix', isConfigMapKey, '..data', false],
  ['config key slash', isConfigMapKey, 'a/b', false],
  ['path segment ..', isValidPathSegmentName, '..', false],
  ['path segment slash', isValidPathSegmentName, 'a/b', false],
  ['path segment percent', isValidPathSegmentName, 'a%2Fb', false],
  ['path segment ok', isValidPathSegmentName, 'Weird_Name', true],
  ['port name', isPortName, 'http-metrics', true],
  ['port name 16', isPortName, 'a'.repeat(16), false],
  ['port name digits', isPortName, '8080', false],
  ['port name double dash', isPortName, 'a--b', false],
  ['port name upper', isPortName, 'HTTP', false],
];

describe('name checks', () => {
  it.each(cases)('%s', (_name, check, value, valid) => {
    const errs = check(value);
    expect(errs.length === 0).toBe(valid);
  });

  it('explains a bad label with the regex, as Kubernetes does', () => {
    expect(isDNS1123Label('A')[0]).toContain("regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'");
  });
});
