/** zh-CN strings of the evaluation pages: online column, public figures, cards, follow-up, figures. */
export const evaluationZh = {
  title: "好差评",
};
