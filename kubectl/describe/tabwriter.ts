/**
 * tabwriter.ts is Go's text/tabwriter alignment as kubectl describe uses it (minwidth 0,
 * padding 2, no flags): cells end at tabs, and a column is aligned across each run of
 * consecutive lines that have a cell in that column. A line without tabs ends the runs, which is
 * why describe output re-aligns after headings like "Containers:".
 */
export function alignTabs(text: string, padding = 2): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out.push(cells.map((c, j) => (j < cells.length - 1 && j < widths.length ? c.padEnd(widths[j]) : c)).join(''));
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = 0;
      for (; cur < line1 && column < lines[cur].length - 1; cur++) width = Math.max(width, lines[cur][column].length + padding);
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
