import { useParams } from '@tanstack/react-router';
import { DashboardView } from './DashboardView.tsx';

/** A dashboard by name (`/app/d/<name>`, a menu target). */
export function DashboardPage() {
  const { name } = useParams({ from: '/d/$name' });
  return <DashboardView name={name} />;
}
