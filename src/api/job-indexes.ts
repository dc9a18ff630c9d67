/**
 * Completion indexes of an Indexed Job as the API writes them: increasing intervals joined by
 * commas (`0-3,7,9-10`), in `status.completedIndexes` and a success policy's `succeededIndexes`
 * (parsed as pkg/apis/batch/validation/validation.go validateIndexesFormat checks them).
 */

/** The indexes written as intervals, or an error message naming what is wrong (upstream's wording). */
export function parseIndexes(text: string, completions: number): number[] | { readonly error: string } {
  if (text === '') return [];
  const out: number[] = [];
  let last: number | undefined;
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return { error: `the fragment ${JSON.stringify(part)} violates the requirement that an index interval can have at most two parts separated by '-'` };
    const bounds: number[] = [];
    for (const l of limits) {
      if (!/^\d+$/.test(l)) return { error: `cannot convert string to integer for index: ${JSON.stringify(l)}` };
      const v = Number(l);
      if (v >= completions) return { error: `too large index: ${JSON.stringify(l)}` };
      bounds.push(v);
    }
    const x = bounds[0] as number;
    const y = bounds[1] ?? x;
    if (y < x) return { error: `the fragment ${JSON.stringify(part)} violates the requirement that the first index is not greater than the second` };
    if (last !== undefined && last >= x) return { error: `non-increasing order, previous: ${last}, current: ${x}` };
    for (let i = x; i <= y; i++) out.push(i);
    last = y;
  }
  return out;
}

/** Sorted distinct indexes written as intervals (`[0,1,2,3,7]` → `0-3,7`). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(start === end ? String(start) : `${start}-${end}`);
    i++;
  }
  return parts.join(',');
}
