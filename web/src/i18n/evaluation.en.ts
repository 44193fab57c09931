import type { evaluationZh } from "./evaluation.zh-CN";
import type { Strings } from "./strings";

/** English strings of the evaluation pages. */
export const evaluationEn: Strings<typeof evaluationZh> = {
  title: "Evaluation",
};
