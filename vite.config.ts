import { defineConfig } from 'vite'

// The web app lives in web/ and is built into dist/web, which the Express server serves at /.
// `npx vite` serves it with hot reload and proxies /api to the API server: CIRCLE15_API
// (default http://localhost:8080, the server's default PORT).
export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': process.env.CIRCLE15_API ?? 'http://localhost:8080' } },
})
