import { describe, expect, it } from 'vitest';
import { goDuration, pullPolicy, registryOf } from './images.ts';

describe('images', () => {
  it.each([
    [0, '0s'], [7, '7ms'], [523.9, '523ms'], [1000, '1s'], [1500, '1.5s'], [1234, '1.234s'], [62_345, '1m2.345s'], [120_000, '2m0s'], [3_723_400, '1h2m3.4s'],
  ])('goDuration(%d) = %s (Go time.Duration after Truncate(ms))', (ms, want) => {
    expect(goDuration(ms)).toBe(want);
  });

  it.each([
    ['busybox', undefined, 'Always'], ['busybox:1.36', undefined, 'IfNotPresent'], ['reg:5000/app', undefined, 'Always'],
    ['reg:5000/app:v1', undefined, 'IfNotPresent'], ['app@sha256:ab', undefined, 'IfNotPresent'], ['app:latest', 'Never', 'Never'],
  ])('pullPolicy of %s (%s) is %s', (image, policy, want) => {
    expect(pullPolicy({ name: 'c', image, imagePullPolicy: policy })).toBe(want);
  });

  it.each([['busybox', 'docker.io'], ['library/busybox', 'docker.io'], ['reg.local:5000/app', 'reg.local:5000'], ['localhost/app', 'localhost']])('registryOf %s = %s', (image, want) => {
    expect(registryOf(image)).toBe(want);
  });
});
