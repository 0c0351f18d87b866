export * from './assets/admin-assets.ts';
export * from './web-admin.ts';
export * from './web-feature.ts';
export * from './web-view.ts';
export * from './session/session-pages.tsx';
export * from './pages/dashboard/dashboard-pages.tsx';
