/**
 * Fair ranking across very different volumes (domain.md, "fair ranking"): real
 * centres see 99%+ satisfaction, so a raw share rewards the lucky few-ratings
 * clerk. The Wilson score interval bounds the true share given the count.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

function wilson(successes: number, total: number, z: number, sign: 1 | -1): number {
  if (!Number.isInteger(successes) || !Number.isInteger(total) || successes < 0 || total < 0 || successes > total) {
    throw new RangeError(`成功数与总数无效：${successes}/${total}`);
  }
  if (total === 0) return sign === -1 ? 0 : 1;
  const p = successes / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return (centre + sign * margin) / (1 + z2 / total);
}

/** Lower bound of the Wilson interval of `good / total`: the share we are confident is at least reached. */
export function wilsonLowerBound(good: number, total: number, z = Z95): number {
  return wilson(good, total, z, -1);
}

/** Upper bound of the Wilson interval of `bad / total`: the gate on how bad the true share might be. */
export function wilsonUpperBound(bad: number, total: number, z = Z95): number {
  return wilson(bad, total, z, 1);
}

/**
 * Bayesian average of a share toward the centre's mean: `prior` pseudo-ratings at
 * the centre's share pull small counts toward it and leave large counts alone.
 */
export function bayesianAverage(good: number, total: number, centreShare: number, prior: number): number {
  if (prior < 0 || centreShare < 0 || centreShare > 1) throw new RangeError("先验参数无效");
  if (total + prior === 0) return centreShare;
  return (good + prior * centreShare) / (total + prior);
}
