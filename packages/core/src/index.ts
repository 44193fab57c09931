export * from "./errors.js";
export * from "./roles.js";
export * from "./password.js";
export * from "./validation.js";
export * from "./validators/uscc.js";
export * from "./validators/id-number.js";
