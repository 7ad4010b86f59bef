import { fileURLToPath, URL } from 'node:url'

import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// `npm run dev` talks to a running gateway (make up): the API, sign-in and Open311 go there.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    // One entry per app; the console (next) gets its own, so its code never loads on the portal.
    rollupOptions: { input: { portal: fileURLToPath(new URL('./index.html', import.meta.url)) } },
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/open311'].map((p) => [p, gateway])),
  },
})
