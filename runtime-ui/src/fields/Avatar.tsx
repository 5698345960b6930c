import { initials } from './initials.ts';

/** A round badge with a person's initials (see initials.ts for Chinese names). */
export function Avatar({ name, size = 'sm', className }: { name: string; size?: 'sm' | 'md' | 'lg'; className?: string }) {
  const sizeClass = size === 'md' ? '' : ` avatar-${size}`;
  return (
    <span className={`avatar${sizeClass}${className ? ` ${className}` : ''}`} aria-hidden="true">
      {initials(name || '?')}
    </span>
  );
}
