import { z } from 'zod';

export type TSearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter (a repeated `?state=a&state=b` keeps the first). */
export function firstParam(params: TSearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `?page=` as a positive integer; anything else (missing, "abc", "-3", "1e9") reads as page 1. */
export const ZPageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** An optional enum filter from the URL; an unknown value is ignored rather than answered with an error. */
export function optionalEnumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

/** Optional free text from the URL, trimmed; empty or too long reads as absent. */
export function optionalTextParam(max: number) {
  return z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);
}

/** Reads each field of a page's URL schema from the query parameters (the first value of each). */
export function parseSearchParams<S extends z.ZodObject>(schema: S, params: TSearchParams): z.output<S> {
  return schema.parse(Object.fromEntries(Object.keys(schema.shape).map((name) => [name, firstParam(params, name)])));
}
