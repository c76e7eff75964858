import { ConfigurationError } from './configuration-error';

/**
 * A whole-number setting from the environment: absent or blank gives `fallback`; anything but plain decimal
 * digits within [min, max] stops start-up with a ConfigurationError (exit 78: restarting cannot fix it) that
 * names the variable and echoes the value (settings read this way are never secrets).
 */
export function integerSettingFromEnv(
  env: Record<string, string | undefined>,
  name: string,
  options: { fallback: number; min: number; max: number; unit?: string },
): number {
  const raw = env[name]?.trim();
  if (!raw) return options.fallback;
  const value = Number(raw);
  // Digits only: Number() alone would also take "1e3", "0x10" or "+5", which nobody means as a count.
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < options.min || value > options.max) {
    const unit = options.unit ? ` ${options.unit}` : '';
    throw new ConfigurationError(`${name} must be a whole number${unit} from ${options.min} to ${options.max}, got "${raw}".`);
  }
  return value;
}
