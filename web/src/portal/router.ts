import { createRouter, createWebHistory } from 'vue-router'

import SiteLayout from './layout/SiteLayout.vue'

// The city portal is the cluster's front door; every other site lives at /{site}/.
export const DEFAULT_SITE = 'portal'

export const router = createRouter({
  history: createWebHistory(),
  scrollBehavior: () => ({ top: 0 }),
  routes: [
    { path: '/', redirect: `/${DEFAULT_SITE}/` },
    {
      path: '/:site([a-z0-9][a-z0-9-]*)/',
      component: SiteLayout,
      children: [
        { path: '', name: 'home', component: () => import('./home/HomeView.vue') },
        { path: 'columns/:column', name: 'column', component: () => import('./column/ColumnView.vue') },
        { path: 'items/:id', name: 'item', component: () => import('./item/ItemView.vue') },
        {
          path: 'knowledge',
          name: 'knowledge',
          component: () => import('./knowledge/KnowledgeView.vue'),
        },
        {
          path: 'knowledge/:id',
          name: 'knowledge-entry',
          component: () => import('./knowledge/KnowledgeEntryView.vue'),
        },
        { path: 'search', name: 'search', component: () => import('./search/SearchView.vue') },
        { path: 'track', name: 'track', component: () => import('./track/TrackView.vue') },
        { path: 'policies', name: 'policies', component: () => import('./policies/PoliciesView.vue') },
        { path: 'policies/:id', name: 'policy', component: () => import('./policies/PolicyView.vue') },
        {
          path: 'policy-calculator',
          name: 'policy-calculator',
          component: () => import('./policies/CalculatorView.vue'),
        },
        { path: 'ask', name: 'ask', component: () => import('./ask/AskView.vue') },
        {
          path: 'life-events',
          name: 'life-events',
          component: () => import('./lifeevents/LifeEventsView.vue'),
        },
        {
          path: 'life-events/:code',
          name: 'life-event',
          component: () => import('./lifeevents/LifeEventView.vue'),
        },
        { path: 'figures', name: 'figures', component: () => import('./figures/FiguresView.vue') },
        { path: 'letters', name: 'letters', component: () => import('./letters/LettersView.vue') },
        {
          path: 'letters/:number',
          name: 'letter',
          component: () => import('./letters/LetterView.vue'),
        },
      ],
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./notfound/NotFoundView.vue') },
  ],
})
