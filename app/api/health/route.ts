import { getDatabase } from '@/lib/db/client';
import { componentLogger } from '@/lib/server/logger';

const NO_STORE = { 'cache-control': 'no-store' };

/** Unauthenticated by design (load balancers, the test runner): says only whether the database answers. */
export async function GET(): Promise<Response> {
  try {
    const { prisma } = await getDatabase();
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ status: 'ok' }, { headers: NO_STORE });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    componentLogger('console').error({ operation: 'health', ...(typeof code === 'string' ? { code } : {}) }, `health check: the database did not answer${typeof code === 'string' ? ` (${code})` : ''}`);
    return Response.json({ status: 'unavailable' }, { status: 503, headers: NO_STORE });
  }
}
