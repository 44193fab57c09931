/** The same keys as T, with string leaves: what a translation of T must provide. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
