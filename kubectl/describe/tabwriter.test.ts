import { describe, expect, it } from 'vitest';
import { alignTabs } from './tabwriter.ts';

describe('alignTabs (Go tabwriter, padding 2)', () => {
  it('aligns runs of tabbed lines and restarts after a line without tabs', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n';
    expect(alignTabs(text)).toBe(
      'Name:       web\nNamespace:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n',
    );
  });

  it('aligns several columns like the Events table', () => {
    const text = '  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n  Normal\tScheduled\t10s\tdefault-scheduler\tSuccessfully assigned default/web to n1';
    expect(alignTabs(text)).toBe(
      '  Type    Reason     Age   From               Message\n' +
      '  ----    ------     ----  ----               -------\n' +
      '  Normal  Scheduled  10s   default-scheduler  Successfully assigned default/web to n1',
    );
  });
});
