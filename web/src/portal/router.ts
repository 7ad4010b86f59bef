import { createRouter, createWebHistory } from 'vue-router'

import { useSession } from '@/shared/auth/session'

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
        {
          path: 'disclosure',
          name: 'disclosure-catalogue',
          component: () => import('./disclosure/CatalogueView.vue'),
        },
        {
          path: 'participation',
          name: 'participation',
          component: () => import('./participation/ParticipationView.vue'),
        },
        {
          path: 'solicitations/:id',
          name: 'solicitation',
          component: () => import('./participation/SolicitationView.vue'),
        },
        { path: 'surveys/:id', name: 'survey', component: () => import('./participation/SurveyView.vue') },
        {
          path: 'interviews/:id',
          name: 'interview',
          component: () => import('./participation/InterviewView.vue'),
        },
        { path: 'login', name: 'login', component: () => import('./account/LoginView.vue') },
        { path: 'register', name: 'register', component: () => import('./account/RegisterView.vue') },
        {
          path: 'account',
          name: 'account',
          meta: { signIn: true },
          component: () => import('./account/AccountView.vue'),
        },
        {
          path: 'letters/new',
          name: 'write-letter',
          meta: { signIn: true },
          component: () => import('./write/WriteLetterView.vue'),
        },
        {
          path: 'my/tickets',
          name: 'my-tickets',
          meta: { signIn: true },
          component: () => import('./mytickets/MyTicketsView.vue'),
        },
        {
          path: 'my/subscriptions',
          name: 'my-subscriptions',
          meta: { signIn: true },
          component: () => import('./subscriptions/MySubscriptionsView.vue'),
        },
        {
          path: 'my/notices',
          name: 'my-notices',
          meta: { signIn: true },
          component: () => import('./notices/MyNoticesView.vue'),
        },
        {
          path: 'my/tickets/:id',
          name: 'my-ticket',
          meta: { signIn: true },
          component: () => import('./mytickets/MyTicketView.vue'),
        },
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

// Pages of one's own (meta.signIn) need a session: the one this browser has is picked up
// first, else the login page, which comes back here.
router.beforeEach(async (to) => {
  const session = useSession()
  await session.restore()
  if (!to.meta.signIn || session.signedIn) return true
  return { path: `/${String(to.params.site)}/login`, query: { next: to.fullPath } }
})
