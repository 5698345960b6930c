import type { CSSProperties, ReactNode } from 'react';
import type { UiSelectOption } from '@loom/metadata';

/** Option colors from metadata (names) mapped onto the palette's chip styles. */
const CHIP_COLORS = new Set(['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink', 'gray']);
const COLOR_ALIASES: Record<string, string> = {
  grey: 'gray',
  amber: 'yellow',
  cyan: 'teal',
  violet: 'purple',
  lime: 'green',
  emerald: 'green',
  sky: 'blue',
  rose: 'pink',
  slate: 'gray',
};

export function chipColor(color: string | undefined): string {
  if (!color) return 'gray';
  const name = color.toLowerCase();
  if (CHIP_COLORS.has(name)) return name;
  return COLOR_ALIASES[name] ?? 'gray';
}

/** A #hex colour from metadata, tinted for a chip (named colours use the palette's chip classes). */
export function hexChipStyle(color: string): CSSProperties {
  return {
    background: `color-mix(in srgb, ${color} 13%, white)`,
    color: `color-mix(in srgb, ${color} 72%, black)`,
  };
}

/** A select option as a coloured pill, the same as in lists. */
export function OptionChip({ option, value, children }: { option?: UiSelectOption; value?: string; children?: ReactNode }) {
  const hex = option?.color && /^#[0-9a-f]{3,8}$/i.test(option.color) ? option.color : undefined;
  return (
    <span className={`chip lf-chip${hex ? '' : ` chip-${chipColor(option?.color)}`}`} style={hex ? hexChipStyle(hex) : undefined}>
      {option?.label ?? value}
      {children}
    </span>
  );
}
