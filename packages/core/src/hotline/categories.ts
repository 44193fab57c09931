/**
 * What farmers call 12316 about, with each category's default service levels in working
 * minutes on the centre's working hours (a working day is 450 minutes: 08:30–12:00, 13:30–17:30).
 * A centre may set its own limits; these are where it starts.
 */
export const HOTLINE_CATEGORIES = [
  { code: "production", zh: "生产技术问题", en: "Production problem", responseMinutes: 30, solutionMinutes: 2 * 450 },
  { code: "supply_demand", zh: "供求信息", en: "Supply / demand notice", responseMinutes: 60, solutionMinutes: 450 },
  { code: "policy", zh: "政策咨询", en: "Policy question", responseMinutes: 30, solutionMinutes: 450 },
  { code: "market", zh: "市场行情", en: "Market prices", responseMinutes: 30, solutionMinutes: 450 },
  { code: "complaint", zh: "投诉举报", en: "Complaint", responseMinutes: 30, solutionMinutes: 5 * 450 },
  { code: "other", zh: "其他", en: "Other", responseMinutes: 60, solutionMinutes: 3 * 450 },
] as const;

export type HotlineCategory = (typeof HOTLINE_CATEGORIES)[number]["code"];

/** Experts' specialties: what a question is transferred by. */
export const EXPERT_SPECIALTIES = [
  { code: "aquaculture", zh: "水产养殖", en: "Aquaculture" },
  { code: "crops", zh: "粮油作物", en: "Grain and oil crops" },
  { code: "horticulture", zh: "蔬菜瓜果", en: "Vegetables and fruit" },
  { code: "livestock", zh: "畜牧兽医", en: "Livestock and veterinary" },
  { code: "seeds", zh: "种子种苗", en: "Seeds and seedlings" },
  { code: "plant_protection", zh: "植物保护", en: "Plant protection" },
  { code: "soil_fertilizer", zh: "土壤肥料", en: "Soil and fertiliser" },
  { code: "machinery", zh: "农业机械", en: "Farm machinery" },
  { code: "marketing", zh: "农产品营销", en: "Marketing of farm products" },
] as const;

export type ExpertSpecialty = (typeof EXPERT_SPECIALTIES)[number]["code"];
