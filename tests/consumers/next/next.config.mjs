// Nothing for kundenwert: no serverExternalPackages, no webpack or Turbopack rule.
export default { distDir: process.env.NEXT_DIST_DIR || '.next' };
