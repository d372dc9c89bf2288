/**
 * A mapping with a long tail (issue 18, item 3): `n` prefix rules `7000000*` … into 事業費, as a
 * chart of accounts of many thousand codes would add to mapping.csv. `npm run bench` imports a
 * journal through FY29's mapping plus 100,000 of them (rows actuals-mapping-fy29 and
 * actuals-mapping-100k; before the prefix index it took over 300 s), and
 * test/actuals-mapping.test.ts checks that they change nothing the export maps.
 */

/** `n` prefix rules `7000000*` … `7000000+n-1*` into 事業費, one a line, each ending in a newline. */
export function prefixRules(n: number): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `account,${7_000_000 + i}*,科目${i},事業費,,debit,,\n`;
  return text;
}
