import { useNavigationStore } from '../stores/navigation-store';
import { pageDefinition } from './pages';

export function CurrentPage() {
  const page = useNavigationStore((state) => state.page);
  if (!page) return null;
  const { Component } = pageDefinition(page);
  return <Component />;
}
