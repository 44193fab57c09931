/**
 * Chinese full-text search without a word segmenter: text is indexed as overlapping character
 * bigrams of every run of CJK characters (水稻稻瘟病 → 水稻 稻稻 稻瘟 瘟病), plus lower-cased runs
 * of Latin letters and digits; a query matches an entry holding all its bigrams. Bigrams find
 * any substring of two characters or more, whatever the segmentation, and index the same way on
 * SQLite (FTS5, unicode61 tokenizer over the space-separated tokens) and PostgreSQL (a tsvector
 * of the tokens). A one-character query matches by prefix. Pure: no I/O.
 */

/** CJK unified ideographs: Extension A, the basic block, compatibility ideographs, Extensions B–H. */
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{323af}";
const CJK = new RegExp(`[${HAN}]`, "u");
/**
 * A run of CJK characters, or of other letters and digits. The second kind must stop at a CJK
 * character (which is a letter too), or "NK603玉米" would be one run, indexed as bigrams
 * (nk k6 60 03 3玉 玉米) and never found by "nk603".
 */
const RUN = new RegExp(`[${HAN}]+|(?:(?![${HAN}])[\\p{L}\\p{N}])+`, "gu");
/** Longest Latin/number word indexed (longer ones are cut). */
const MAX_WORD = 40;

function runs(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(RUN) ?? []).filter((r) => r.length > 0);
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The distinct search tokens of a text, in first-seen order. */
export function searchTokens(...texts: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
      if (CJK.test(run)) for (const b of bigrams(run)) seen.add(b);
      else seen.add(run.slice(0, MAX_WORD));
    }
  }
  return [...seen];
}

/** One term of a query: a token that must be present, or a prefix (a single CJK character). */
export interface QueryTerm {
  token: string;
  prefix: boolean;
}

/** The terms of a search query (all must match); empty when the query has no letters or digits. */
export function searchQuery(q: string, maxTerms = 12): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const run of runs(q)) {
    if (CJK.test(run)) {
      const chars = [...run];
      if (chars.length === 1) terms.set(`${run}*`, { token: run, prefix: true });
      else for (const b of bigrams(run)) terms.set(b, { token: b, prefix: false });
    } else terms.set(run, { token: run.slice(0, MAX_WORD), prefix: run.length < 3 });
  }
  return [...terms.values()].slice(0, maxTerms);
}

/** Where a query's words occur in a text: [start, end) ranges for highlighting, merged. */
export function matchRanges(text: string, q: string): [number, number][] {
  const words = runs(q);
  if (!words.length || !text) return [];
  // The text folded as the query is (NFKC, lower case), one character with its combining marks
  // at a time, remembering where in `text` each folded code unit came from: folding may change
  // lengths ("ＷＰ" stays 2 units, "㎏" becomes "kg"), and ranges are offsets into `text`.
  let folded = "";
  const from: number[] = [];
  const to: number[] = [];
  for (const m of text.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const f = m[0].normalize("NFKC").toLowerCase();
    for (let k = 0; k < f.length; k++) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
    folded += f;
  }
  const ranges: [number, number][] = [];
  for (const w of words) {
    for (let i = folded.indexOf(w); i >= 0; i = folded.indexOf(w, i + 1)) ranges.push([from[i]!, to[i + w.length - 1]!]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}
