export default {
  base: './', // served from /tests/vite-app/dist/ by the test server
  logLevel: 'warn',
};
