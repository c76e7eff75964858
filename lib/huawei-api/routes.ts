import type { THuaweiMethod, THuaweiRoute } from './operations/operation';
import { HuaweiApiError } from './protocol';

// Route lookup under `/v1.0/{project_id}/kms/`: literal segments match exactly, `{name}` segments match any
// one non-empty segment (percent-decoded). Where several routes fit a path, the one with more literal
// segments wins, so `aliases` is never read as a key ID.

interface TCompiledRoute {
  route: THuaweiRoute;
  segments: readonly ({ literal: string } | { param: string })[];
  literals: number;
}

export interface TRouteMatch {
  route: THuaweiRoute;
  params: Record<string, string>;
}

export type TRouteLookup =
  | { found: TRouteMatch }
  /** The path names a route, but not for this method: the methods it takes. */
  | { methods: THuaweiMethod[] }
  | null;

function compile(route: THuaweiRoute): TCompiledRoute {
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{([a-z_][a-z0-9_]*)\}$/i.exec(segment);
    return param ? { param: param[1]! } : { literal: segment };
  });
  return { route, segments, literals: segments.filter((segment) => 'literal' in segment).length };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HuaweiApiError('KMS.0201', 'The request URL is not valid percent-encoding.');
  }
}

export function createRouteTable(routes: readonly THuaweiRoute[]) {
  // Most literal segments first: the first route that fits is the most specific one.
  const compiled = routes.map(compile).sort((a, b) => b.literals - a.literals);

  function fits(candidate: TCompiledRoute, segments: readonly string[]): Record<string, string> | null {
    if (candidate.segments.length !== segments.length) return null;
    const params: Record<string, string> = {};
    for (const [i, pattern] of candidate.segments.entries()) {
      const segment = segments[i]!;
      if ('literal' in pattern) {
        if (pattern.literal !== segment) return null;
      } else {
        if (segment === '') return null;
        params[pattern.param] = decodeSegment(segment);
      }
    }
    return params;
  }

  return {
    /** `rest` is what follows `/kms/`, without the query; one trailing slash is ignored. */
    lookup(method: string, rest: string): TRouteLookup {
      const segments = (rest.endsWith('/') ? rest.slice(0, -1) : rest).split('/');
      const methods: THuaweiMethod[] = [];
      let specificity = -1;
      for (const candidate of compiled) {
        // Sorted: once a route fitted, only the routes as specific as it are still in the running.
        if (candidate.literals < specificity) break;
        const params = fits(candidate, segments);
        if (!params) continue;
        specificity = candidate.literals;
        if (candidate.route.method === method) return { found: { route: candidate.route, params } };
        methods.push(candidate.route.method);
      }
      return methods.length > 0 ? { methods } : null;
    },
  };
}
