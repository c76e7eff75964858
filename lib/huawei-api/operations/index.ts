import type { THuaweiRoute } from './operation';

// Placeholder until the operations land (issue 14, second half): that work replaces this list.
export const HUAWEI_ROUTES: readonly THuaweiRoute[] = [];
