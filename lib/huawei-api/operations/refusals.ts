import { isKmsError, type KmsError, type KmsErrorCode } from '@/lib/kms';
import { HuaweiApiError, type THuaweiErrorCode } from '../protocol';

/** A Huawei code for a domain refusal, or a choice by the refusal's reason (MATERIAL_INCORRECT: 2604 or 2606). */
export type THuaweiRefusal = THuaweiErrorCode | ((error: KmsError) => THuaweiErrorCode);

/**
 * Runs one domain call and answers its refusals with the operation's own Huawei codes (reference, "Errors"):
 * e.g. INVALID_STATE is KMS.1201 for enable-key but KMS.1301 for disable-key. The domain's message goes
 * with it (it says what to do next and never holds secrets). Refusals not named here stay KmsErrors, which the
 * handler maps with its default table (SPEC §7); anything else is an internal fault and passes untouched.
 */
export async function withHuaweiCodes<T>(
  call: Promise<T>,
  codes: Partial<Record<KmsErrorCode, THuaweiRefusal>>,
): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!isKmsError(error)) throw error;
    const refusal = codes[error.code];
    if (refusal === undefined) throw error;
    throw new HuaweiApiError(typeof refusal === 'function' ? refusal(error) : refusal, error.message);
  }
}
