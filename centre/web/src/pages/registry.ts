/**
 * Every page of the centre's web app: one file under pages/ (its component as the
 * default export) and one line here. The centre answers each path with the app page
 * after its own role check (StaffAccess.page in centre/staff/access.ts); the roles
 * here only decide what the navigation offers. Pages load on demand, so the public
 * licence check carries no staff page's code.
 */
import type { ComponentType } from 'react';
import { AUDIT_LOG_PATHS, AUDIT_LOG_ROLES, type StaffMe, type StaffRole } from '../../../../protocol/centre-staff';
import { ROLLOUT_PATHS, ROLLOUT_VIEW_ROLES } from '../../../../protocol/centre-rollout';
import type { Text } from '../i18n';

export interface PageProps {
  /** The path's RegExp groups (e.g. the payload of /v/<payload>). */
  params: readonly string[];
  /** The signed-in staff member; null on a public page. */
  staff: StaffMe | null;
}

export interface PageEntry {
  path: string | RegExp;
  title: Text;
  /** Who may open it (admin always may); `public`: anyone, without signing in. */
  roles: readonly StaffRole[] | 'public';
  /** Listed in the staff navigation and on the start page. */
  nav: boolean;
  load: () => Promise<{ default: ComponentType<PageProps> }>;
}

export const PAGES: readonly PageEntry[] = [
  { path: '/login', title: { 'zh-CN': '工作人员登录', en: 'Staff sign-in' }, roles: 'public', nav: false, load: () => import('./LoginPage') },
  { path: '/', title: { 'zh-CN': '首页', en: 'Start' }, roles: ['technician', 'inspector', 'supervisor'], nav: false, load: () => import('./HomePage') },
  { path: AUDIT_LOG_PATHS.page, title: { 'zh-CN': '操作审计', en: 'Audit log' }, roles: AUDIT_LOG_ROLES, nav: true, load: () => import('./AuditPage') },
  { path: '/inspection', title: { 'zh-CN': '批后核查', en: 'Inspection' }, roles: ['inspector', 'supervisor'], nav: true, load: () => import('./InspectionPage') },
  { path: '/ratings', title: { 'zh-CN': '好差评', en: 'Ratings' }, roles: ['supervisor'], nav: true, load: () => import('./RatingsPage') },
  { path: /^\/v\/([A-Za-z0-9._-]+)$/, title: { 'zh-CN': '营业执照核验', en: 'Licence check' }, roles: 'public', nav: false, load: () => import('./VerifyPage') },
  { path: '/fleet', title: { 'zh-CN': '终端监控', en: 'Fleet' }, roles: ['technician', 'supervisor'], nav: true, load: () => import('./FleetPage') },
  { path: ROLLOUT_PATHS.page, title: { 'zh-CN': '分环发布', en: 'Rollouts' }, roles: ROLLOUT_VIEW_ROLES, nav: true, load: () => import('./RolloutPage') },
];

export function findPage(pathname: string): { page: PageEntry; params: string[] } | undefined {
  for (const page of PAGES) {
    if (typeof page.path === 'string') {
      if (page.path === pathname) return { page, params: [] };
      continue;
    }
    const match = page.path.exec(pathname);
    if (match) return { page, params: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return undefined;
}

export function mayOpen(page: PageEntry, staff: StaffMe | null): boolean {
  if (page.roles === 'public') return true;
  return staff !== null && (staff.role === 'admin' || page.roles.includes(staff.role));
}
