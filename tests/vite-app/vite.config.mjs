export default {
  base: './', // served from /tests/vite-app/dist/ by the test server
  logLevel: 'warn',
  build: {
    rollupOptions: {
      input: { main: 'index.html', elements: 'elements.html' },
    },
  },
};
