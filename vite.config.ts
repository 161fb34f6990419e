import { defineConfig } from 'vite'

// The web app lives in web/ and is built into dist/web, which the Express server serves at /.
export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:8080' } },
})
