/**
 * readHostInfo reads the host identity Kubernetes reports in Node.status.nodeInfo: machineID
 * (/etc/machine-id, else D-Bus's copy), systemUUID (DMI product_uuid, root-only, absent in
 * many VMs and containers), bootID (new on every boot) and osImage (PRETTY_NAME of
 * os-release, "Linux" when unknown). Unreadable files give empty strings, never errors.
 */
import { readFile } from 'node:fs/promises';

/** HostInfo is the identity part of nodeInfo. */
export interface HostInfo {
  machineID: string;
  systemUUID: string;
  bootID: string;
  osImage: string;
}

/** FileReader returns a file's text, or undefined when it cannot be read (tests inject one). */
export type FileReader = (path: string) => Promise<string | undefined>;

const readText: FileReader = (p) => readFile(p, 'utf8').catch(() => undefined);

/** parseOsRelease returns PRETTY_NAME of an os-release file (shell-style quoting), if any. */
export function parseOsRelease(text: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  if (!m) return undefined;
  const raw = m[1].trim();
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  const value = quoted ? (quoted[1] === '"' ? quoted[2].replace(/\\(["\\$`])/g, '$1') : quoted[2]) : raw;
  return value || undefined;
}

async function firstOf(read: FileReader, paths: string[]): Promise<string> {
  for (const p of paths) {
    const v = (await read(p))?.trim();
    if (v) return v;
  }
  return '';
}

/** readHostInfo: see the file comment. */
export async function readHostInfo(read: FileReader = readText): Promise<HostInfo> {
  const osRelease = (await read('/etc/os-release')) ?? (await read('/usr/lib/os-release'));
  return {
    machineID: await firstOf(read, ['/etc/machine-id', '/var/lib/dbus/machine-id']),
    systemUUID: await firstOf(read, ['/sys/class/dmi/id/product_uuid']),
    bootID: await firstOf(read, ['/proc/sys/kernel/random/boot_id']),
    osImage: (osRelease && parseOsRelease(osRelease)) || 'Linux',
  };
}
