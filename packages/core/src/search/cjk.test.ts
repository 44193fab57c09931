import { describe, expect, it } from "vitest";
import { matchRanges, searchQuery, searchTokens } from "./cjk.js";

describe("search tokens", () => {
  it("indexes each CJK run as overlapping bigrams, a one-character run as itself", () => {
    expect(searchTokens("水稻稻瘟病")).toEqual(["水稻", "稻稻", "稻瘟", "瘟病"]);
    expect(searchTokens("稻 瘟病，怎么办？")).toEqual(["稻", "瘟病", "怎么", "么办"]);
    // Runs are cut at punctuation: no bigram spans "病，怎".
    expect(searchTokens("瘟病，怎么办")).not.toContain("病怎");
  });

  it("lower-cases Latin and digit words, full-width forms folded to half-width (NFKC)", () => {
    expect(searchTokens("Bt 乳剂 ABC123")).toEqual(["bt", "乳剂", "abc123"]);
    expect(searchTokens("ＷＰ")).toEqual(["wp"]);
    expect(searchTokens("７５％三环唑")).toEqual(["75", "三环", "环唑"]);
    expect(searchTokens("a".repeat(50))).toEqual(["a".repeat(40)]);
  });

  it("keeps a Latin or digit word apart from the CJK run it touches", () => {
    expect(searchTokens("ＷＰ水稻")).toEqual(["wp", "水稻"]);
    expect(searchTokens("NK603玉米")).toEqual(["nk603", "玉米"]);
    expect(searchTokens("三环唑WP20克")).toEqual(["三环", "环唑", "wp20", "克"]);
  });

  it("treats ideographs outside the Basic Multilingual Plane as CJK", () => {
    expect(searchTokens("𠮷野家牛肉")).toEqual(["𠮷野", "野家", "家牛", "牛肉"]);
  });

  it("de-duplicates across and within texts, in first-seen order, and skips missing texts", () => {
    expect(searchTokens("水稻水稻", null, "水稻", undefined, "WP wp Ｗｐ")).toEqual(["水稻", "稻水", "wp"]);
    expect(searchTokens(null, undefined, "")).toEqual([]);
    expect(searchTokens()).toEqual([]);
    expect(searchTokens("，。！？——")).toEqual([]);
  });
});

describe("search queries", () => {
  it("asks for every bigram of a CJK run, a single CJK character as a prefix", () => {
    expect(searchQuery("稻瘟病")).toEqual([
      { token: "稻瘟", prefix: false },
      { token: "瘟病", prefix: false },
    ]);
    expect(searchQuery("稻")).toEqual([{ token: "稻", prefix: true }]);
    expect(searchQuery("稻 瘟病")).toEqual([
      { token: "稻", prefix: true },
      { token: "瘟病", prefix: false },
    ]);
  });

  it("asks for short Latin words (under 3 characters) by prefix, longer ones whole", () => {
    expect(searchQuery("bt")).toEqual([{ token: "bt", prefix: true }]);
    expect(searchQuery("ＷＰ")).toEqual([{ token: "wp", prefix: true }]);
    expect(searchQuery("ABC")).toEqual([{ token: "abc", prefix: false }]);
    expect(searchQuery("NK603玉米")).toEqual([
      { token: "nk603", prefix: false },
      { token: "玉米", prefix: false },
    ]);
  });

  it("de-duplicates terms and keeps at most maxTerms", () => {
    expect(searchQuery("水稻 水稻 WP wp")).toEqual([
      { token: "水稻", prefix: false },
      { token: "wp", prefix: true },
    ]);
    expect(searchQuery("水稻稻瘟病防治方法", 3).map((t) => t.token)).toEqual(["水稻", "稻稻", "稻瘟"]);
    expect(searchQuery("一二三四五六七八九十甲乙丙丁戊")).toHaveLength(12);
  });

  it("is empty for a query without letters or digits", () => {
    expect(searchQuery("")).toEqual([]);
    expect(searchQuery("  ，。！？、…… ")).toEqual([]);
  });
});

describe("the search guarantee on real questions", () => {
  const sentences = [
    "水稻稻瘟病发病初期，亩用75%三环唑WP 20克兑水30公斤喷雾。",
    "NK603玉米苗期遇低温，叶片发黄怎么办？",
    "葡萄霜霉病：用80%代森锰锌可湿性粉剂800倍液防治，间隔7～10天。",
    "南湖区新丰镇竹林村的生猪出现腹泻，疑似猪流行性腹泻（PED）。",
    "ＷＰ水稻田里的稗草用什么除草剂？",
  ];
  const found = (tokens: Set<string>, q: string) =>
    searchQuery(q, Number.POSITIVE_INFINITY).every((t) => (t.prefix ? [...tokens].some((x) => x.startsWith(t.token)) : tokens.has(t.token)));

  it("finds a sentence by every CJK substring of two characters or more", () => {
    for (const s of sentences) {
      const tokens = new Set(searchTokens(s));
      for (const run of s.match(/[\u4e00-\u9fff]+/gu) ?? []) {
        const chars = [...run];
        for (let i = 0; i < chars.length; i++) {
          for (let j = i + 2; j <= chars.length; j++) {
            const q = chars.slice(i, j).join("");
            const terms = searchQuery(q, Number.POSITIVE_INFINITY);
            expect(terms.length, q).toBeGreaterThan(0);
            for (const t of terms) {
              expect(t.prefix, q).toBe(false);
              expect(tokens.has(t.token), `${q} → ${t.token} in ${s}`).toBe(true);
            }
          }
        }
      }
    }
  });

  it("finds a sentence by each of its whole Latin or digit words, in either width or case", () => {
    for (const s of sentences) {
      const tokens = new Set(searchTokens(s));
      for (const w of s.normalize("NFKC").match(/[A-Za-z0-9]+/g) ?? []) {
        expect(found(tokens, w), `${w} in ${s}`).toBe(true);
        expect(found(tokens, w.toUpperCase()), `${w} in ${s}`).toBe(true);
      }
    }
    expect(found(new Set(searchTokens(sentences[1]!)), "ｎｋ６０３")).toBe(true);
  });

  it("finds a sentence by a query of several words spanning punctuation", () => {
    const tokens = new Set(searchTokens(sentences[0]!));
    expect(found(tokens, "发病初期，亩用 三环唑")).toBe(true);
    expect(found(tokens, "三环唑 wp 喷雾")).toBe(true);
    expect(found(tokens, "稻瘟病 多菌灵")).toBe(false);
    // Not a substring: 亩用 and 三环唑 are apart in the text.
    expect(found(tokens, "亩用三环唑")).toBe(false);
  });
});

describe("match ranges", () => {
  it("marks every occurrence of each query word, merging overlapping and touching ranges", () => {
    expect(matchRanges("水稻稻瘟病防治", "稻瘟 瘟病")).toEqual([[2, 5]]);
    expect(matchRanges("稻瘟病，稻瘟", "稻瘟")).toEqual([
      [0, 2],
      [4, 6],
    ]);
    expect(matchRanges("稻稻稻", "稻稻")).toEqual([[0, 3]]);
    expect(matchRanges("水稻稻瘟", "水稻 稻瘟")).toEqual([[0, 4]]);
    expect(matchRanges("防治稻瘟病，稻瘟病防治", "防治 稻瘟病")).toEqual([
      [0, 5],
      [6, 11],
    ]);
  });

  it("ignores case and width on both sides, with offsets into the text as given", () => {
    expect(matchRanges("Bt 乳剂，BT", "bt")).toEqual([
      [0, 2],
      [6, 8],
    ]);
    expect(matchRanges("75%三环唑WP", "ｗｐ")).toEqual([[6, 8]]);
    expect(matchRanges("75%三环唑ＷＰ", "wp")).toEqual([[6, 8]]);
    expect(matchRanges("７５％三环唑", "75")).toEqual([[0, 2]]);
    // Folding that changes the length: ㎏ (one unit) is "kg"; the range covers the ㎏.
    expect(matchRanges("尿素每亩15㎏，分两次", "kg 分两次")).toEqual([
      [6, 7],
      [8, 11],
    ]);
  });

  it("is empty without a match or without words", () => {
    expect(matchRanges("水稻稻瘟病", "玉米")).toEqual([]);
    expect(matchRanges("水稻稻瘟病", "，。")).toEqual([]);
    expect(matchRanges("", "水稻")).toEqual([]);
  });
});
