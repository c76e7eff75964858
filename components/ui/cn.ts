import { clsx, type ClassValue } from 'clsx';

/** Joins class names; callers pass overrides that do not conflict with a primitive's own classes. */
export function cn(...values: ClassValue[]): string {
  return clsx(values);
}
