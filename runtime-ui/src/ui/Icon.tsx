import { createElement, type ComponentType, type SVGProps } from 'react';
import {
  Activity,
  ArrowDown,
  ArrowUp,
  Banknote,
  Bell,
  Bold,
  Bookmark,
  Briefcase,
  Building,
  Building2,
  Calendar,
  CalendarClock,
  ChartColumn,
  ChartPie,
  Check,
  ChevronDown,
  ChevronLeft,
  ChevronRight,
  Clock,
  Columns3,
  CreditCard,
  Crosshair,
  Dot,
  DollarSign,
  DoorOpen,
  Download,
  ExternalLink,
  File,
  FileSignature,
  FileText,
  Folder,
  Funnel,
  Globe,
  Hammer,
  House,
  Inbox,
  Italic,
  Link,
  List,
  ListOrdered,
  LogOut,
  MapPin,
  Menu,
  MessageCircle,
  Package,
  Pencil,
  Phone,
  PhoneCall,
  Plus,
  Receipt,
  RefreshCw,
  Search,
  Settings,
  ShieldCheck,
  SquareCheck,
  Target,
  Trash2,
  TrendingUp,
  TriangleAlert,
  Upload,
  User,
  UserCheck,
  Users,
  Wrench,
  X,
  Zap,
} from 'lucide-react';

type SvgIcon = ComponentType<SVGProps<SVGSVGElement> & { size?: number | string; strokeWidth?: number | string }>;

/** Loom's own mark (threads on a loom); not an icon of the set. */
function LoomMark(props: SVGProps<SVGSVGElement> & { size?: number | string }) {
  const { size = 24, ...rest } = props;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeLinecap="round"
      strokeLinejoin="round"
      {...rest}
    >
      <path d="M4 4h4v16H4zM10 4h4v16h-4zM16 4h4v16h-4zM2 9h20M2 15h20" />
    </svg>
  );
}

/**
 * The app's one icon set: Lucide (lucide-react), by Lucide's kebab-case names, which are
 * also the names metadata uses for entity and menu icons ("file-signature", "building-2").
 * Only the icons listed here are bundled (each is a separate module, so the rest of the
 * set is shaken out); a metadata icon not listed shows as a dot. Adding one is one line.
 */
const ICONS = {
  activity: Activity,
  'arrow-down': ArrowDown,
  'arrow-up': ArrowUp,
  banknote: Banknote,
  'bar-chart': ChartColumn,
  bell: Bell,
  bold: Bold,
  bookmark: Bookmark,
  briefcase: Briefcase,
  building: Building,
  'building-2': Building2,
  calendar: Calendar,
  'calendar-clock': CalendarClock,
  check: Check,
  'check-square': SquareCheck,
  'chevron-down': ChevronDown,
  'chevron-left': ChevronLeft,
  'chevron-right': ChevronRight,
  clock: Clock,
  columns: Columns3,
  'credit-card': CreditCard,
  crosshair: Crosshair,
  dot: Dot,
  'dollar-sign': DollarSign,
  'door-open': DoorOpen,
  download: Download,
  edit: Pencil,
  'external-link': ExternalLink,
  file: File,
  'file-signature': FileSignature,
  'file-text': FileText,
  filter: Funnel,
  folder: Folder,
  globe: Globe,
  hammer: Hammer,
  home: House,
  inbox: Inbox,
  italic: Italic,
  link: Link,
  list: List,
  'list-ordered': ListOrdered,
  'log-out': LogOut,
  loom: LoomMark,
  'map-pin': MapPin,
  menu: Menu,
  'message-circle': MessageCircle,
  package: Package,
  phone: Phone,
  'phone-call': PhoneCall,
  'pie-chart': ChartPie,
  plus: Plus,
  receipt: Receipt,
  refresh: RefreshCw,
  search: Search,
  settings: Settings,
  'shield-check': ShieldCheck,
  target: Target,
  trash: Trash2,
  'trending-up': TrendingUp,
  'triangle-alert': TriangleAlert,
  upload: Upload,
  user: User,
  'user-switch': UserCheck,
  users: Users,
  wrench: Wrench,
  x: X,
  zap: Zap,
} satisfies Record<string, SvgIcon>;

export type IconName = keyof typeof ICONS | keyof typeof OLDER_NAMES;

/** Names the form pages used before there was one set. */
const OLDER_NAMES = {
  chevronDown: 'chevron-down',
  chevronRight: 'chevron-right',
  alert: 'triangle-alert',
  bolt: 'zap',
  external: 'external-link',
  numbered: 'list-ordered',
  pin: 'map-pin',
} as const satisfies Record<string, keyof typeof ICONS>;

function iconFor(name: string | undefined): SvgIcon {
  if (!name) return Dot;
  const canonical = (OLDER_NAMES as Record<string, keyof typeof ICONS>)[name] ?? name;
  return (ICONS as Record<string, SvgIcon>)[canonical] ?? Dot;
}

/** An icon by name (metadata names are plain strings, so any string is accepted). */
export function Icon({ name, size = 16, className }: { name?: IconName | (string & {}); size?: number; className?: string }) {
  // A lookup in a fixed table, not a component made during render.
  return createElement(iconFor(name), {
    className: `icon lf-icon${className ? ` ${className}` : ''}`,
    size,
    strokeWidth: 1.8,
    'aria-hidden': true,
    focusable: 'false',
  });
}
